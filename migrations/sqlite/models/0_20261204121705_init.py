from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "account" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "slug" VARCHAR(100) NOT NULL UNIQUE,
    "show_deleted_users_in_filters" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL
) /* A tenant: every other row belongs to exactly one account. */;
CREATE TABLE IF NOT EXISTS "object_role" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "key" VARCHAR(50) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "record_types" JSON NOT NULL,
    "builtin" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_object_role_account_4b2f02" UNIQUE ("account_id", "key")
) /* A role a user can hold on a record, such as Owner or Co-owner. */;
CREATE TABLE IF NOT EXISTS "ownership_setting" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "record_type" VARCHAR(20) NOT NULL /* PERSON: person\nCOMPANY: company\nDEAL: deal */,
    "required" INT NOT NULL,
    "auto_remove_after_days" INT,
    "warn_before_days" INT,
    "updated_at" TIMESTAMP NOT NULL,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "object_role_id" INT NOT NULL REFERENCES "object_role" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_ownership_s_account_9b767a" UNIQUE ("account_id", "record_type", "object_role_id")
) /* Ownership rules for one record type and object role in an account. */;
CREATE TABLE IF NOT EXISTS "user" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "password_hash" VARCHAR(255) NOT NULL,
    "regional_office" VARCHAR(100),
    "created_at" TIMESTAMP NOT NULL,
    "deleted_at" TIMESTAMP,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "manager_id" INT REFERENCES "user" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_user_account_f726fc" UNIQUE ("account_id", "email")
) /* A person who signs in to an account; user roles live in the Casbin policy. */;
CREATE TABLE IF NOT EXISTS "assignment" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "record_type" VARCHAR(20) NOT NULL /* PERSON: person\nCOMPANY: company\nDEAL: deal */,
    "record_id" INT NOT NULL,
    "started_at" TIMESTAMP NOT NULL,
    "last_activity_at" TIMESTAMP NOT NULL,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "object_role_id" INT NOT NULL REFERENCES "object_role" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_assignment_record__5473b3" UNIQUE ("record_type", "record_id", "object_role_id")
) /* A user holding an object role on one record, with the clock of their activity. */;
CREATE INDEX IF NOT EXISTS "idx_assignment_last_ac_84cef8" ON "assignment" ("last_activity_at");
CREATE INDEX IF NOT EXISTS "idx_assignment_account_a54290" ON "assignment" ("account_id", "record_type", "object_role_id", "user_id", "record_id");
CREATE INDEX IF NOT EXISTS "idx_assignment_object__f95838" ON "assignment" ("object_role_id", "last_activity_at");
CREATE TABLE IF NOT EXISTS "bulk_job" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "state" VARCHAR(20) NOT NULL /* QUEUED: queued\nRUNNING: running\nDONE: done\nFAILED: failed */,
    "request" JSON NOT NULL,
    "record_ids" JSON,
    "total" INT NOT NULL,
    "done" INT NOT NULL,
    "changed" INT NOT NULL,
    "unchanged" INT NOT NULL,
    "batch_id" CHAR(36) NOT NULL,
    "error" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "actor_id" INT REFERENCES "user" ("id") ON DELETE SET NULL
) /* A bulk change too large for one request, processed in chunks by a worker. */;
CREATE TABLE IF NOT EXISTS "company" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "sector" VARCHAR(100),
    "year_established" INT,
    "revenue" VARCHAR(40),
    "employees" INT,
    "office_location" VARCHAR(100),
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "created_by_id" INT REFERENCES "user" ("id") ON DELETE SET NULL,
    "parent_id" INT REFERENCES "company" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_company_account_fd17d3" UNIQUE ("account_id", "name")
) /* A customer organisation; `parent` is the company it is a subsidiary of. */;
CREATE INDEX IF NOT EXISTS "idx_company_name_5fdec7" ON "company" ("name");
CREATE INDEX IF NOT EXISTS "idx_company_created_976855" ON "company" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_company_updated_f6b7b3" ON "company" ("updated_at");
CREATE TABLE IF NOT EXISTS "deal" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "external_id" VARCHAR(64),
    "product" VARCHAR(100),
    "stage" VARCHAR(20) NOT NULL /* PROSPECTING: Prospecting\nENGAGING: Engaging\nWON: Won\nLOST: Lost */,
    "value" VARCHAR(40),
    "engage_date" DATE,
    "close_date" DATE,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "company_id" INT REFERENCES "company" ("id") ON DELETE SET NULL,
    "created_by_id" INT REFERENCES "user" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_deal_account_fa8ca9" UNIQUE ("account_id", "external_id")
) /* A sales opportunity; `value` is the closed value and is empty while open. */;
CREATE INDEX IF NOT EXISTS "idx_deal_name_3ce850" ON "deal" ("name");
CREATE INDEX IF NOT EXISTS "idx_deal_created_7a13d0" ON "deal" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_deal_updated_3095f1" ON "deal" ("updated_at");
CREATE INDEX IF NOT EXISTS "idx_deal_account_736a88" ON "deal" ("account_id", "stage");
CREATE TABLE IF NOT EXISTS "ownership_history" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "record_type" VARCHAR(20) NOT NULL /* PERSON: person\nCOMPANY: company\nDEAL: deal */,
    "record_id" INT NOT NULL,
    "reason" VARCHAR(20) NOT NULL /* MANUAL: manual\nBULK: bulk\nCLAIM: claim\nINACTIVITY: inactivity\nUSER_DELETED: user_deleted\nIMPORT: import\nUNDO: undo\nCREATE: create */,
    "batch_id" CHAR(36) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "actor_id" INT REFERENCES "user" ("id") ON DELETE SET NULL,
    "new_user_id" INT REFERENCES "user" ("id") ON DELETE SET NULL,
    "object_role_id" INT NOT NULL REFERENCES "object_role" ("id") ON DELETE CASCADE,
    "previous_user_id" INT REFERENCES "user" ("id") ON DELETE SET NULL
) /* One change of the user holding an object role on a record. */;
CREATE INDEX IF NOT EXISTS "idx_ownership_h_batch_i_2e261a" ON "ownership_history" ("batch_id");
CREATE INDEX IF NOT EXISTS "idx_ownership_h_account_73b9f2" ON "ownership_history" ("account_id", "record_type", "record_id", "created_at");
CREATE TABLE IF NOT EXISTS "person" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "email" VARCHAR(254),
    "phone" VARCHAR(50),
    "title" VARCHAR(100),
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "company_id" INT REFERENCES "company" ("id") ON DELETE SET NULL,
    "created_by_id" INT REFERENCES "user" ("id") ON DELETE SET NULL
) /* A contact, optionally working for a company. */;
CREATE INDEX IF NOT EXISTS "idx_person_name_f404e8" ON "person" ("name");
CREATE INDEX IF NOT EXISTS "idx_person_created_84b89d" ON "person" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_person_updated_97d770" ON "person" ("updated_at");
CREATE TABLE IF NOT EXISTS "policy_change" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(30) NOT NULL /* GRANT: grant\nREVOKE: revoke\nUSER_ROLES: user_roles\nDEFINE_USER_ROLE: define_user_role\nPLUGIN: plugin\nOWNERSHIP_SETTINGS: ownership_settings\nACCOUNT_SETTINGS: account_settings\nIMPORT: import */,
    "target" VARCHAR(200) NOT NULL,
    "before" JSON,
    "after" JSON,
    "created_at" TIMESTAMP NOT NULL,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "actor_id" INT REFERENCES "user" ("id") ON DELETE SET NULL
) /* One change of an account's policy or settings: who, what, before, after, when. */;
CREATE INDEX IF NOT EXISTS "idx_policy_chan_account_e40853" ON "policy_change" ("account_id", "id");
CREATE TABLE IF NOT EXISTS "user_role" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "builtin" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_user_role_account_69a010" UNIQUE ("account_id", "name")
) /* A named group of users that policy lines grant actions to. */;
CREATE TABLE IF NOT EXISTS "casbin_rule" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "ptype" VARCHAR(255) NOT NULL,
    "v0" VARCHAR(255),
    "v1" VARCHAR(255),
    "v2" VARCHAR(255),
    "v3" VARCHAR(255),
    "v4" VARCHAR(255),
    "v5" VARCHAR(255)
);
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXWtz2zYW/SsYfWl2Rs0kfiRZdWdnZFlJ1ciSV5abbuMODZGQxJoCVAK0o+nmvy8Aku"
    "JbIvUyReNLIpO4l+TB856Le/F3bUYMZNHXTV0nDma1Bvi7huEM8R/xW3VQg/N5cENcYHBk"
    "ybIwVGhEmQ11oWsMLYr4JQNR3TbnzCRYFG4ChjDErAHQI7IXgLApsoFNnsAIWQRPKGAEoG"
    "9ch8VvYgQ87a+FeoPoXL+JJ1trcrD5l4M0RiZIiHF9X//gl01soG+I+n/OH7SxiSwjAo1p"
    "CAXyusYWc3mtg9lHWVC85EjTieXMcFB4vmBTgpelTResCcLIhgwJ9cx2BFjYsSwPVh8/90"
    "2DIu4rhmQMNIaOJSAX0u4LBNdqmtbrD7Wb9lDTaonq8CVCuHqXdIJFVfJXpfLrJ+IVfjx5"
    "e/b+7MPpu7MPvIh8zeWV99/dRwfAuIISnt6w9l3ehwy6JSTGAajy/wSsrSm003H1y8eQ5a"
    "8cR9bHcRW0/oUA26D1HgLcGfymWQhP2FQg+ubNCih/bQ5aPzcHr3ipf4hHEt7d3G7Y826d"
    "uPcE3gG+1HImRfD1y+8G3+dtuhF03+ZC9+0KdN+moDslT/zFLcQh0RyKbKqZmD/AYvxnEv"
    "YLQiwEcQby63TFqmTEle2rzS+v7KFaVtTCRb/fFZpnlP5lyQudYaw2bq8u2ryaZCXxQiZD"
    "4XEmqBndRgITDbJkNVzyO8ycofR6iErGQDc80df+j2McdfgHGn1sLbz+uKJChp2r9s2weX"
    "UdqZXL5rAt7pzIq4vY1VfvYj1oqQR86Qx/BuJP8Hu/15bwEsomtnxiUG74e028E3QY0TDv"
    "FNAIDR3+VR+172K+Hj+EJhdxYQT1hydoG1rkTtA8IKXmBM+QgCTZTT3hj58HyIIS3mRL8B"
    "dKS0VH2BK++23fvxq0iACqkWM9aH+S0ZZAXXA1v5BRVVHSyWwO8WJLkFqulqqCZCBobYnQ"
    "JVdRVXjI6E+kM83mi4QtUepLTQOuqLJYPfFvolNzrk1Nyoi9bc/r+/p+dtVVHzeKGOPqdo"
    "XbjauuqrjN+VfyAtuBdS2VVBYiYpn6QtOnEE+2HcCupa6WVFVVvKSNtx1Mt1xFleHZxVwo"
    "MKraTChMHHJCsoye5K3ZySx+BWI4kZ8kni2elLRo0ojhiL2zghuOlstBD4v6BlNiGRwRAD"
    "FwV0NAtABAsCRybaQT26iDJ5NNAZsioFtEfwBkLP4wbcCfYD6abJHGGe9afQqR/LXmanBb"
    "IC/j/elywaHVXe2PGOf8Ncylx5SE5eput4jq5rq+xktZkDLNf19BZfyhaO1D0tqxOkyyr2"
    "3szCTEHf5eEOsoAXVMRZkJ79p1e3DT7zWAu0q6w63+1XWz998G8MziO3zZbnYbwPCst+LU"
    "eC5mfAUxHmduI10zZ+OPyKzvA0cwweymG4T4cAbtzVjXqGQFWdcjYVl9TBI0a7iaE7NLwc"
    "pOkz9MlR9yjqlSjXvLk2LjZVRIDZgpA2Zo2VYM26SgwjcFX2lEFgI2JKEQ9RBNuNgSA0MS"
    "4I/ERtwC/IwWiWVuhict0HRkEGeZ6fyyDZ+WJldsPOQIuN5+cavVvGk1L9u1rMFhB/hW0i"
    "cQhzg5LK6H2beot8S3YlxcHNnQuJgOabbbfZ9sle9WTqGqQh7nbJ7K927nZalEeeBS3IAR"
    "Aixo819jYnsMEq9TyupgbhMdUYoMYGJe3MEPFIwWAIInYj8gO42g2pHmO25+3y8tVXoPTC"
    "q5LMprTBffAcYmb2bgaYqwvME/Hkjri9YBxAa4N/jz7oEcqqToHXbV0dCzKeEQ2Q2AoD51"
    "3+IH6r08lVqEZoyeAm2zmcnEK/M/7zCHGVMoX6cudEH+fRwKrli8DV+3OjOhZ8yQLTUJg8"
    "HTwTuW+8B9bOe8ve1cFiC+HMc0XguZTfr9ev6r9q+xg906k08S/5z9u3Z4c0XSK6eu/RG2"
    "LOSnrybCeMtiG1NgS+HDkV81XtRBRkGQa/+5bd+2LxvAlb7Dg9ter9P71AC2gzFH/Q5fcs"
    "usAQzZ/D82O11RegxNy3tWCQgxOcAkq+qXm34viw9bisStd1Nn4H/AMukRr+fSoBVgRGx2"
    "H9JXV83f4mi3uv2LeJcRCi6yuMgUT9cq9MNSW1WAN/K8VPwZYS4tndNEXJY/nIH4Zk9Q79"
    "reFuNbAST94grIxP5luZYqQlyEJBScCR4IFwc0IqMgjUM6gkyfpnJr2avosMwu19LlnbDW"
    "Lp0DQJFtkxQiYoi+ZTTQpcBGy+PjmfSH7d+Gqyf9pbOk2+998ovHVwIqQORlBohE5oG5sW"
    "GtRyVVrZel1lPcl4mthMp7uZ8lANQZKeheC4tshGnJpi3lXiuNh6Koe002xcM5fkrWcPOj"
    "GnTYCKb8BUDvttt9Ls+PHyuX4vkJhdFle370UKEcjh/doYzMkA2IPYHYpHLX+U/gfg5thN"
    "nSzeJpBcLZQQEE1BlR0zChyFMxTnP77Exv6obk0PghMYpvPFa7gl9ysovny8awl1wXx2XS"
    "HRT841zbV8+iU5W+E4OOovS124q8NkuJKpBlB0hts0DQ1hAVyyWTTgsR52miytZLms82ek"
    "TYSVkRXCLdnEEry++7lIqPWa7Ya0/8+ABegd5lu9W5anZfvT2rn8SS//gN/CzRhtFsbpEF"
    "SosgzWy8ERnValO2rI/Hpo40i+jLwNu8g3CKqBqNc43GisHck5vdW/iPFsWgTcipkSIJrk"
    "thFAM2IqNAVQTxMxLEQSdXLPEaaBPjYQZVnBwedgBt/qxpR4puZFAsTMKHzGafNDa3TapS"
    "OcijuxgPlqfuGNE5bCqsY0Fon64u2ZhS/Fx+I8t2cvkJN/J4uCi0EAVkPic243CzxU/g/h"
    "FaDgqcUBYRwT/yoozy4de5vcwW4Glqijw6c4TTfFw71LzOy4W+MWRjaMnEOKuy7PBJZYJU"
    "WhzlADsYtsoBpnwhygGmKn0XDrDwNFdgPI2JVY98fXeWY1R9d5Y5qIpbMRLLJoajp/StbJ"
    "RDItVDeD/naMjFWCrEuaKEJ4eOEr62CZ2LeHo343GRUOHrQf/mut0ayvDgkJ473O59an6S"
    "l9t4Aify2heRVu+LyKnX7d8MG6BL3IjO5w8Ylmv1gr7LpYzyXIZxT/FcigaANCM1eF7M6h"
    "nje1Rs1ZReLYz5lBxfCwuLsjCAUamXjJ/yOO7J4+gypwXdjREh5RZTjlzlcyzFYKp8jsfl"
    "cwwFfSin4xp4I3NOqUJ/QqkMU7wi0USH2b6RWHrFPC4SeVoAdM8S0CGW5wmI0wPg8uwA6u"
    "hTACmQ5+IAYoMW+VGeuZPmF9lW3TpnyANaqIifZ3V4iBpIoJrNHHnFy5zrf0Pa6DwP/3Ce"
    "zT+cJ0zksvmSqsbJhc6f2CQv2VLu8KnhQnkTR45pMRPT1+J5z5E6cS8Jy7yvStbKygOGQ1"
    "LqKGF1lPAL9rDlcasq/ktxCSWzyPJwCXm2garDr1ehHg12UsfMqmNmj3jnaKK9pfElKW1y"
    "BWsS7xH5uJM+Rn5ye/c8xXUHMvocSJI32VyVzI0vE9rchzeYeonw6YIyNAMzaCB3T6p8Rl"
    "2m4Eff4GzuajPxunMgV207XXVCZGi5WGxf6oU5eSlMzT9PTk5P35+8OX334fzs/fvzD2+W"
    "C5LkrVUrk4vOJ7E4iSwv1bmO6lxHtWhPzVQAaVaod54W70uXurFfNXu3ojHzydSB1h2+uO"
    "1+bshjWXjD7zY7V7zZW9Cc3eFOr9kadn7tDHlPCKaDO3x70x5ol+1ueyhOd5An5rhLdIPL"
    "XF33B0NefiaiIHjZ3mWfl8EG4doHbW7xcvVyAihHRyp3eueSnONYILuzYpE2AbhMrFHKvm"
    "xFGx1qBlKpZncOKUZPWvHzMWNSClh1qOvB84rY6NEkDt2g9aaJqiasWHp1yusxQbzJKa+R"
    "nr8DoKu9tzJtnMyxvdJfHCh81+AbW0XlgFZlq883+JY0W33CgbXKERNycuVxxNBQ8fWOGF"
    "8M2I7IyhEcMCxIUCBai0zAEfahmFh4VbyJLcUhsxOV6zazxnjz8LSp9rg+5x5X5RMpvU/k"
    "L8e001I4r9wvGBZTGwYLbBiUBKGNZuQRafIMc82AaRtHspmrTAXKVk3CzSdnrI0Qn3VQUa"
    "DTRBXEKcenHlWOGbUFdiNnhjo2T/HDR4uvIi8VeXkcEOclL5+Hp/DysqawE0HG1mxOYh6U"
    "yXOkHsGMF6kDIi9Cy1qAJ2I/iF2cgkOAvkmVem5eIeH1uzQVZ3BIzqBswZsqEahKBFrm5b"
    "pKBPoCKz2PjYZm0LSKjKRLgeqlpjw5z5P9k5fKHkrPk/k/OUiFpqqlQPUA3n0SB2ayNMsh"
    "G92lQPXQVQeHlX5Bq9L4qTR+xwWu4sVUGr9yQ6vS+L3UNH7XxDL1RUuGWdfSGMfw/fpK3l"
    "GW1PSgaMGA9GAv0g8UuNpEtj0/eUEDPE1Jnf8DWR24/uI6kJ75uowfXxekvq361MB1wXK6"
    "j6Bu0DpxGDW94PXmdSfIHii5UF4Nxo+Wyd/LDUHkSu/dZ93L3Vn38oH8t42ASDoFKIZzOi"
    "WM+mH27sMMMIc2A4Sb05sEwPvnMqng9tIFtz/wj0+3xdbv4PJlS71169Og2Rs2wMSGmN3h"
    "QfvX/ud2A9jokTwgL3p30O+2b7zYXeGioWI718dOr60tb4utXWPej7RloTt83b3liDfA3H"
    "ImJu+s/S+99uDm5861eBdx1APXmcyJcoebrVb/tjcMlfJXGkGZaORwfKTJY1me5jEsT7Pt"
    "ytOk3Q5t3t0LGe5LiTI3kTKR+O7gnMQ4O/ViILFV0sVyrnTSkN1LdkU5DxaBfSmgUN8c9e"
    "NyWZWlKkrurkg6qRQfqeLjSwyposuehS5TwW1HHdwmYU8hcPzqyCZu/GDRPNvF3M1lgioB"
    "Iu0oFTFkjIS4lZ/cRIDSbOOrrkcZZSaIixakI/7TJV7SNpPtUvXaE6qlA16FrKntZ9U1XQ"
    "+8K6XkCO9lWwqk9EnETE4hnRZBOiFYScTPcyF+vgLx82QU5UTuM9bIeGzqhYaPFFG1fSXX"
    "9hXFCmSjf5ybGvPsZPWSZm5Q61HJHdR6ybrckVSyooKekQpyzbSCZFBUSNFBig56RjrIa4"
    "yKEFqDa7TTFqaE1IkwG5xsYiPhhd8Spmo1y72eYCKgyjrpdXmvvo5jLHTKq3iKASY2ceZi"
    "65OQp4BNIfO3boldVNTdRgKgPGiQ3ydpxOI2qtYRiRIMxSMqHrEU5v/uY4PUKZfqlMtyNP"
    "TqMi3KBlfGYsmMmu1OudznUtT19Q6c9MVo6O7K5aguy2m2k3NBmg2wSmpSrtXgXGJTYDm4"
    "FKjgenAvPrjHN0XgdUtXz9O2H2jfFoL2rYI2P7QnhaA9UdDmh/a0ELSnCtr80J4VgvZMQZ"
    "sf2vNC0J4raFdCmzC8nsc8aCLb1Ke1FNPAu7PSLIBBGWURVMUieEQ2NbMOzs3o7YGIsgry"
    "DaeiUxVA2CteQXT3swWPYIbSuKvsgMiQyFYhkWVD+xAxkc86mX3/P1nL2FQ="
)
