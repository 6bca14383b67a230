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
    "eJztXWtz2zYW/SsYfdnsjJuJX0nq7uyMbCupWlvy2nLbbdyhIRKWWFOASoBWNN389wVAUu"
    "IDpEg9KRpf2hjEvaQOnvdc4N6/GyNiIYe+bZom8TBrnIG/GxiOEP9H8tEBaMDxeP5AFDDY"
    "d2RdGKnUp8yFptD1BB2KeJGFqOnaY2YTLCo3AUMYYnYG0Atyp4CwIXKBSyagjxyCBxQwAt"
    "BXrsPhDzECgfa3Qr1FTK7fxoOVNXnY/stDBiMDJMS4vi9/8GIbW+grouGf42fjyUaOFYPG"
    "toQCWW6w6ViWtTH7JCuKj+wbJnG8EZ5XHk/ZkOBZbdsHa4AwciFDQj1zPQEW9hwngDXEz/"
    "/SeRX/EyMyFnqCniMgF9L+B8zLGobR6faMu1bPMBqp5gglIrgGRSbBoin5p1L56wfiE747"
    "Ojz5cPLx+P3JR15Ffuas5MM3/9VzYHxBCU+n1/gmn0MG/RoS4zmo8v8pWC+G0FXjGtZPIM"
    "s/OYlsiGMetGHBHNt5790GuCP41XAQHrChQPTduxwof2neXvzYvH3Da/1TvJLw4eYPw07w"
    "6Mh/JvCe40sdb1AG37D+evDdbdeNoXtYCN3DHHQPFegOyYR/uIM4JIZHkUsNG/MXOIz/Mw"
    "37OSEOgjgD+UW6Ek3S58o21ednJRtolpxWOO92r4TmEaV/ObKg3Uu0xv31eYs3k2wkXslm"
    "KDrPzFvGdJHAxIAs3QyX/AmzR0jdDnHJBOhWIPo2/Mc+zjr8B1pd7EyD8ZjTIL32deuu17"
    "y+ibXKZbPXEk+OZOk0UfrmfWIEzZSAX9u9H4H4E/ze7bQkvISygSvfOK/X+70hvgl6jBiY"
    "DwpoRaaOsDRE7ZtYr5+eI4uLKOhD83kCXcuIPZl3D0ipPcAjJCBJD9NA+NPPt8iBEt50Tw"
    "g3SjNFe9gTvoV9Pyyd94g5VH3PeTb+JP0VgTrnan4i/bqiZJLRGOLpiiBd+FrqCpKFoLMi"
    "QpdcRV3hIf0/kckMl28SVkSpKzXdckW1xWrCfxMd2mNjaFNG3FVHXjfU96Ovrv64UcQYV7"
    "cu3O58dXXFbcx/Ja+wGlg3UkldIZI2y2oA3XMVdYJHbEXJEcnanKYfjY5GyRKI4UD+JPFu"
    "8ab0zlNF4MX2pTkcXrxeARpPNDMYEsfiiACIgb9qAbFqAYIl4eYik7jWAZjYbAjYEAHTIe"
    "YzIE/iD9sF/A32i82mKm5v3eoVhN+Xhq/B7328TvCnz9lFVuHGHwlu8EuU80woicod+KMh"
    "rpvr+pKs5UDKjPB7hcn5h6Yft0k/JtowzZK1sDeSELf5d0FsohTUCRVVJiYbN63bu27nDP"
    "ir2QO+6F7fNDv/PQOB+fKAL1vNqzNgBbvs8hRmIQYzh8BMMmyxoVmw88dkFo+BPVhg1jMM"
    "Irwlg+5y7Fhcsobs2J6wYSEmKTos2syp1aVkY6vkt9Pk21xj6tTiwfak3HwZF9ITpmLCjG"
    "zbymGbFtT4KvAVu+VywEYkNKIBoilXSGpiSAP8ibiIW4A/o2lqm5vh8Zhr2jOIs8x0XuzC"
    "yczkSsyHHAHfKyseXTTvLpqXrUbW5LAGfGvJ3SYhTk+Li2EOLeoV8a0Zx5RENjIvqiHNdo"
    "9ukq0K3X8KqiriGczmqUIvZFGWStQH5hDiAQKMEOBAl//ribgBg8TblLIDMHaJiShFFrAx"
    "r+7hZwr6UwDBhLjPyFURVGvS/MDN78eZpUofgU0ll0V5i5nid4Anm3czMBkiLB/wHw+k9U"
    "UPAMQWeLT4+x6BnKqk6AP21dHIuynhELlnAEFz6H/FP2jw8VRqEZoxmsy1jUY2E5/M/3zA"
    "HGZMofycA6EL8t/HoeCKxdfwfas3EnqeGHKlJmEwBDr4wPJfuIljd/f37csSxJfn2dZbIb"
    "PMuF/MfzX+9eRhv83km8R/Tv7d2L65IumVY9/+iFoW8qfnE2G8Z7GlKbCZ8PbIrwav6iGr"
    "JMiN/9y37luXZ8CXfsC3951Ou/P5DLgexhz1B3zJLbMzYMnu/6nZvhK1n6DtBO+qACEmJ5"
    "h0U/101+1k8WEzkaT1bpsM/A84Nt3j/ZwKWgFGzGYPIX1z3fwtifbFVfc8OWSEgvMsLlLh"
    "5cpDPyq1UgMEM89rxZ8R5tPSBU3EWf3tGYjvNgT1uu1tMb+VQDKsroFMnTOVe6kyxEVEQs"
    "OZ4oFweUBjMhrSJKR9yMyhklvL3kVHZda5l67ugrVw6zwHFLkuURARPfQ1o4POBJbaHu/P"
    "ot9r/dbLX/RnzpKrbudzWD25E9AH+V/nQf7YOjC2lmz1uKRu9aq0usJ9mTpBqL2Xm9kCQJ"
    "ORku61qMhSmFZs2dLutcp4KMq612RX3J7jp2Idtziq8wEbw5R/AOjcX13tyvMT3mlSeH4i"
    "152yPT9mpFIBx4/pUUZGyAXEHUBsU3ni/AfwOIYuwmzmZgm0AuHsoAAC6vWpbdlQxBN4Ur"
    "l91qZXeSA5Mn9IjJIHj/Wp4NcclGB3t+Y3EpNgv0y6rYK/n3v7+ll0utHXYtBRpN675cQf"
    "mUnUgSzbQgiSKYKugajYLtl0WIo4V4lqWy9tPrvoBWFPsSO4RKY9gk6W33cmlZyzfLG3gf"
    "j+AZyD3mXron3dvHpzeHJwlAjSEnbwk1QfRqOxQ6ZIdes9s/PGZHSvVRxZf3qyTWQ4xJxd"
    "ui06CStE9WxcaDbWDOaG3OzBxr8/LQdtSk7PFGlwfQqjHLAxGQ2qJoh3SBDPB7lmiRdAm5"
    "oPM6ji9PSwBmiLR7faU3Rjk2JpEj5iNoeksb1qIKjaQb6jeGL7iM52QxbtC0KbdHXJzqTw"
    "c4WdLNvJFQbcKOLhotBBFJDxmLiMw82mP4DHF+h4aO6Ecoi4/CML5S0fXs7tZTYFk6Et4u"
    "iMEVb5uNaoeZGXC31lyMXQkYFx8qLs8EVlgHRYHO0A2xq22gGmfSHaAaYbfR0OsOgyV2I+"
    "TYjVj3x9f1JgVn1/kjmpikcJEssllmcqxlY2yhGR+iG8mXwHcjOmhLjQLeHBtm8J37iEjs"
    "V9ej8ybZmrwje33bub1kVPXg+O6HnArc7n5mdZ3MIDOJBlv4qwer+KmHpX3bveGbgi/o3O"
    "3V8Ylnv1kr7LmYz2XEZxV3guRQdAhqW8PC9W9Yz5PS6Wt6TXC2O+JCf3wsKiLA1gXOo146"
    "c9jhvyOPrMaUl3Y0xIu8W0I1f7HCsxmWqf4375HCOXPrTTcQG8sTWnUld/IqEMFV6ReKDD"
    "bN9IIrxiEReJzBYA/VwCJsQyn4DIHgBnuQOoZw4BpEDmLwHEBRfkO5kbReUXWVXdImfIM5"
    "rqGz87dXiIFkihms0cBdWrHOt/SdrotAj/cJrNP5ymTOSq+ZLqxslF8k8sE5dsJrf90HCR"
    "uIl9z3aYjelb8b5dhE7cSMCy4FelWyU3EWxESqd81SlfX7GHrYhbVfNfmkuomEVWhEsocg"
    "xUJynOQz1+2UmnA9XpQPf45Giqv6n4EkWfzGFNkiOiGHfSxSgMbu/nU1yUkDHkQNK8yfKq"
    "ZGx8GdDmMXrANAiET6eUoREYQQv5Z1LlOw5kCH70FY7GvjYbL8oDmXfsNC9DZGS7WO5c6r"
    "k9eC1MzfdHR8fHH47eHb//eHry4cPpx3ezDUn6Ud7O5Lz9WWxOYttLnddR53XUm3ZlpAJI"
    "s656F+nxoXSlO/t1s3MvOjNfTD3oPODz+6ufz2RaFt7xr5rta97tHWiPHnC707zotX9p9/"
    "hImC8HD/j+rnVrXLauWj2R3UFmzPG36BaXub7p3vZ4/ZG4BcHrdi67vA62CNd+2+IWL1cv"
    "F4BqDKRqh3euSB7HEtGdNYu0DMBVYo0U57I1bbStFUiHml07pBhNjPL5MRNSGlid1HXrcU"
    "Vc9GITjy7Re1Wiugtrll5ned0niJfJ8hob+WsAut5nK1XzZIHjleHmQOO7AN/ELqoAtDpa"
    "fbHJt6LR6lMOrDxHTMTJVcQRQyPVFztiQjHgeiIqxzzBsCBBgegtMgBH1IdiY+FVCRY2hU"
    "NmLSoXHWZN8ObRZVOfcd3lGVftE6m8T+Qvz3ZVIZxzzwtGxfSBwRIHBiVB6KIReUGGzGFu"
    "WFB1cCSbucpUoG3VNNx8ccZGH/FVB5UFWiWqIVakT92rGDP6COxSzgydNk/zw3uLryYvNX"
    "m5HxAXJS93w1MEcVkV7MQ8Yms2JzGe1ymSUo9gxqscACILoeNMwYS4z+IUp+AQYGhSKfPm"
    "lRJefEpTcwbb5AyqdnlTBwLVgUCrvF3XgUBfYaMXsdHQCNpOmZl0JlC/0JRHp0Wif/Ja2V"
    "PpaTr+Jwep1FI1E6gfwOsP4sBsprIcstGdCdQPXZ04rPIbWh3GT4fx2y9wNS+mw/hVG1od"
    "xu+1hvGT/VrBNIb9PZtnDM8YFmEZfU4STIYEiGgVVBw9YiRy+ugH//64IGQpcOwXeThJXA"
    "C/gLTP/zkmjm0qOch1ql6Y2Ejabfqkk2YtK2GsbIS23DKZUXGEN8JmQEon4qjdENJhKVYj"
    "KVhLxE8LIX6ag/hp+vDdQLqnDD/5eRnMFaKa9SjEeuyX/0OfV1qPAySItbBEq8cl19DqFR"
    "tye9LICodHupU1o7kZ6s0300rep40LadJNk247JN2CzqgZtwW4xgftCvnkdSDRPNgTZoAI"
    "+7QiTPXqlhsNfOkTbLeeOkVI5OlBHs9oynqGG1ZcRDdmY6IPIFaLyhtnX1fMIED24XJilY"
    "iPl3dl4PVr14/e2Ay0h6WgPdTQFof2qBS0Rxra4tAel4L2WENbHNqTUtCeaGiLQ3taCtpT"
    "DW0utClqZDdHD5rItc1hQ2EaBE9yzQI4r6MtgrpYBC/IpXZWkOuM0T4X0VZBselUDKoSCA"
    "fVa4juZvyeBDOkYpez0/VFRLafqW83Lq+15eTb6WL27f9XXfBz"
)
