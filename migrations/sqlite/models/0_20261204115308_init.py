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
    "eJztXW1T2zoW/iuafOrOcDslkLZLd3YmhLQ3W0gYCLe7t3RcxRaJF0dKLRmaudv/vpIcx2"
    "+yY5MXHKNPBFnn2H70dvSco+O/GlNiIYe+bpsm8TBrnIC/GhhOEf+RvHQAGnA2Cy+IAgZH"
    "jqwLI5VGlLnQFLruoEMRL7IQNV17xmyCReU2YAhDzE4AekDuHBA2QS5wySMYIYfgMQWMAP"
    "ST63D4RYzAQvtrod4iJtdv4/Hamjxs//CQwcgYCTGu7+s3XmxjC/1ENPh3dm/c2cixYtDY"
    "llAgyw02n8myHmYfZUXxkCPDJI43xWHl2ZxNCF7Wtn2wxggjFzIk1DPXE2Bhz3EWsAb4+U"
    "8aVvEfMSJjoTvoOQJyIe0/QFjWMIz+YGhcd4eG0Ug1RyARwXVRZBIsmpI/KpVvPxaP8Fvz"
    "8Pjd8fujt8fveRX5mMuSd7/8W4fA+IISnv6w8Utehwz6NSTGIajybwrWzgS6alyD+glk+S"
    "MnkQ1wzIM2KAixDXvvLsCdwp+Gg/CYTQSib97kQPlH+6rze/vqFa/1N3FLwoebPwz7i0tN"
    "/5rAO8SXOt64DL5B/c3g+7xdN4buYSF0D3PQPVSgOyGP/MEdxCExPIpcatiY38Bh/Gca9l"
    "NCHARxBvKrdCWaZMSVbavPL0u20Cw5rXA6GJwLzVNKfziyoDdMtMbNxWmXN5NsJF7JZig6"
    "z4QtY7pIYGJAlm6GM36F2VOkboe4ZAJ0ayH6Ovixj7MOf0FrgJ35YjzmNMiwd9G9HrYvLm"
    "OtctYedsWVpiydJ0pfvU2MoKUS8KU3/B2If8Gfg35XwksoG7vyjmG94Z8N8UzQY8TAfFBA"
    "KzJ1BKUBar/Een13H1lcRMEImveP0LWM2JWwe0BK7TGeIgFJepguhD9+vkIOlPCme0JgKC"
    "0V7WFP+BX0/aA07BGRkUSmM4jna+LU8bXUFSQLQWdNhM64irrCQ0b/RSYzXL78rYnSQGq6"
    "4opqi9Ujfyc6sWfGxKaMuOuOvEGg73dfXf1xo4gxrm5TuF376uqK24y/Ja+wHliXUkldIZ"
    "LW+HoA3XAVdYJHGFmkSbLMrvSlaXOaLIEYjuUriXuLO6VtKhU1FbO4ctipeL0CBJVoZjAh"
    "jsURARADf9UCYtUCBEsqyUUmca0D8GizCWATBEyHmPeA3Il/bBfwO9gPNpurWKtNq1dQWV"
    "8bvga/9/E6i399NiqyCje+JVivr1E2L6EkKnfgj4a4bq7ra7KWAykzgucVm6lvmljbJbGW"
    "aMM0/9PF3lRC3OPPBbGJUlAnVFSZcmtcdq+uB/0T4K9mt7gzuLhs9/9zAhbbl1t81m2fnw"
    "BrYWWXJ+cKcXM51FySO4oNzYKdPyazegzswQKzmWEQYeQYdJ/G+8Qla8j77AnPE2CSInqi"
    "zZxaXUo2tkp+N02+yzWmTi2+ME/KzZdxIT1hKibMiNlWDtu0oMZXga+wlssBG5HQiC4QTZ"
    "H8qYkhDfBH4iK+A/yM5ikzN4PLDzXtGcRZ23Re7MLH5ZYrMR9yBHx/o7jUaV932mfdRtbk"
    "sAF8a8ndJiFOT4urYQ521GviWzOOKYlsZF5UQ5rt+NsmWxV4thRUVcTplc1TmZFKBUgq06"
    "OMTJELiDuG2KaSd/wAvs+gizD7DmzqE0e+VmAzUQIB9UbUtmwo4qXuVOzUxvQqaanIJC0x"
    "StJPmht6yUFXzxcVtJWYq/2KPdkp+PUKPYmt4TPriY0el9SNXpFGV7ASKccg5aYeUZhuOf"
    "GVS4knTaaLdquK6baDEMs5gq6BqDCXbDpBZcwBleiTdtRVQ33DFIWLHhD2FBbBGTLtKXSy"
    "fBFLqeSc5Yu9XojvH8A56J11O72L9vmrw+ODZiIINejgx6k+jKYzh8yRKvYps/PGZHSvVR"
    "CXd3e2iQyHmMvQi6KTsEJUz8aFZmPNwm+nMweG/2heDtqUnJ4p0uD6FEY5YGMyGlTNwj8j"
    "Cx8O8t2RxBXrvUWhTc2HMXT5U4D+zfl5QzE9bADa4mcc9hTd2KSYgWyR0zdL0the9zhA7S"
    "B/plMl+4jObgPX9wWhbbq6ZGdS+LmCTpbt5ArCLot4uCh0EAVkNiMu43Cz+Qfw/QE6Hgqd"
    "UA6hyAKyEEBsiXK+X2Zz8DixRTT1DGGVj2uDmld5udBPhlwMHRkenRdrzReVMdLB0doBtj"
    "NstQNM+0K0A0w3+iYcYNFlrsR8mhCrH/n69rjArPr2OHNSFZcSJJZLLM9UjK1slCMi9UN4"
    "O/lcpDGmhHj1caml8O4OSjUuXUJnyAzOJ5c6MXU1uL7sdoa9/qcTENFzi7v9T+1PsriLx3"
    "Asy76Iw1VfxMmq88H18ASc83kkaWEXszc2fY5K2uolfZdLGe25jOKu8FyKDoAMsfaqV/WM"
    "+T0ulrek1wtjviQnbWGxoywNYFzqJeOnPY5b8jj6zGlJd2NMSLvFtCNX+xwrMZlqn+N++R"
    "wjhz6003EFvLE1p7TXcZv+kMiBNoVXJH7cLds3kjhkV8RFInPGQD+jjAmxzCojcsjAZQYZ"
    "6pkTACmQWawAcUGH/CYzZKn8IuuqW+UMuUdzfeLnWR0eogVSqGYzR4vqVc748kTaqFWEf2"
    "hl8w+t1Ba5ar6kunFykSxECl//v64H/az49LhcchNtmwz8Dzg23ZrZ1/jHnYdNASkYebbD"
    "bExfi/v9syRVt4mdtcAp5lMIMH910f53sjk654PTpLNAKDhNNM3irdKtkpvoOiKlU1rrlN"
    "Yv2MNWxK2q+S/NJVRsR1aESygSBqqTsOehHj/spJNC66TQexw5mupvKr5E0SdzWJPkiCjG"
    "nQwwAuYE4jFaZNVdlZY34EDSvMnTVd3iW/wdioPg36MBpghLLXROGZqCKbSQH5Mq73EA7o"
    "grPms1nfnabLwqG3Be2GlenuCIuVguLvXUHr8UpubvzebR0bvmm6O371vH79613r9ZGiTp"
    "S3mWyWnvkzBOYualzu6rs/tqo12ZqQDSrKPeRXp8IF3pzn7R7t+IzswXUw86t/j05vzzCR"
    "h5zj3v+Oft3gXv9g60p7e41293hr0/ekM+EsLl4BbfXHevjLPueXfYPTuRq1LwYTEuc3E5"
    "uBry+lNxCoLX7Z8NeB1sEa79qst3vFy9XACqMZBGkJkT5Ti6uemdZTBMEZlEU3uebb0Wkp"
    "tp8Ipk85WwHvksRZR/kC+qWaT1Aa4Sa6SIy9a00a5WIGm1l0U1FNFRPWlIMXo0ymdJTkhp"
    "YHVq753nFXHRg008+oTeqxLVXViz9DrX9z5B/JRc37GRvwGg6x1bqZonC4RXBsaBxncFvg"
    "krqgC0UJ3xVOOamHxDm79aIatJB1aeIybi5CriiKGR6qsdMYEYcD2RlUN4N8JPIALRW2QC"
    "jqgPxcbCq7JY2BQOmY2oXBXMmvNxRB3jqr94qH0iOT6RH57tqlI458YLRsV0wGCJgEFJEL"
    "poSh6QAe+Y8AJAVeBINnOVqUDvVdNw88UZGyPEVx1UFmiVqIZY8TG1vcoxo0Ngn+TMSAVx"
    "aV+G5of3BV9NXmrycj8gLkpePg9PscjLqmAnwoyt2ZzELKxT5JN6BDNe5QAQWQgdZw4eiX"
    "svojgFhwCDLZXyu3mlhFdHaWrOYJecQdUOb+pEoDoRaJXNdZ0I9AU2epE9GppC2ykzky4F"
    "6peastkqkv2T18qeSlvp/J8cpFJL1VKgfgBvPokDs5lq55CN7lKgfujqD4dV3qDVafx0Gr"
    "/9AlfzYjqNX7Wh1Wn8XmoaP9mvFUxj0N+zecYgxrAIy+hzkuBxQoDIVkFF6BEjkeijD/75"
    "cUHIUuDYDzI4SRwA70A64j9nxLFNJQe5SdUrP2wk92060kmzlpXYrGyFttwxmVFxhLfCZk"
    "BKH0Wo3QTSSSlWIylYS8RbhRBv5SDeSgffjaV7yvA/fl4Gc4WoZj0KsR775f/Q8UqbcYAs"
    "ci08odXjkhto9YoNuT1pZIXDI93KmtHcDvXmb9NKnqeNC2nSTZNuz0i6LTqjZtxW4BoftG"
    "t8T14nEs2DPbENEGmf1oSpXt1yq4kvfYLtylN/IiRy9SCPZzRlPcMNKq6iG7Mx0QGI1aLy"
    "ZtnHFTMIkH04nFgl4uPhTRl4/dr1oze2A+1hKWgPNbTFoW2WgrapoS0O7VEpaI80tMWhPS"
    "4F7bGGtji0rVLQtjS0udCmqJHnCT1oI9c2Jw3F1mBxJXdbAMM6ekdQlx3BA3KpnZXkOmO0"
    "hyJ6V1BsOhWDqgTCi+o1RHc7fk+CGVKxy9mf64uI7P5Lfc/j8trYN/medTH79X8iTDj5"
)
