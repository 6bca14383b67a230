from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "account" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "slug" VARCHAR(100) NOT NULL UNIQUE,
    "show_deleted_users_in_filters" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "account" IS 'A tenant: every other row belongs to exactly one account.';
CREATE TABLE IF NOT EXISTS "object_role" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(50) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "record_types" JSONB NOT NULL,
    "builtin" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_object_role_account_4b2f02" UNIQUE ("account_id", "key")
);
COMMENT ON TABLE "object_role" IS 'A role a user can hold on a record, such as Owner or Co-owner.';
CREATE TABLE IF NOT EXISTS "outbox_event" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(30) NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "claim_token" VARCHAR(32),
    "claimed_until" TIMESTAMPTZ,
    "published_at" TIMESTAMPTZ,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_outbox_even_publish_210a55" ON "outbox_event" ("published_at", "id");
COMMENT ON COLUMN "outbox_event"."kind" IS 'NOTIFICATION: notification\nOWNERSHIP_CHANGED: ownership_changed';
COMMENT ON TABLE "outbox_event" IS 'An event waiting to be published on its account''s Redis channel.';
CREATE TABLE IF NOT EXISTS "ownership_setting" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "record_type" VARCHAR(20) NOT NULL,
    "required" BOOL NOT NULL,
    "auto_remove_after_days" INT,
    "warn_before_days" INT,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "object_role_id" INT NOT NULL REFERENCES "object_role" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_ownership_s_account_9b767a" UNIQUE ("account_id", "record_type", "object_role_id")
);
COMMENT ON COLUMN "ownership_setting"."record_type" IS 'PERSON: person\nCOMPANY: company\nDEAL: deal';
COMMENT ON TABLE "ownership_setting" IS 'Ownership rules for one record type and object role in an account.';
CREATE TABLE IF NOT EXISTS "user" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "password_hash" VARCHAR(255) NOT NULL,
    "regional_office" VARCHAR(100),
    "created_at" TIMESTAMPTZ NOT NULL,
    "deleted_at" TIMESTAMPTZ,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "manager_id" INT REFERENCES "user" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_user_account_f726fc" UNIQUE ("account_id", "email")
);
COMMENT ON TABLE "user" IS 'A person who signs in to an account; user roles live in the Casbin policy.';
CREATE TABLE IF NOT EXISTS "activity" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "record_type" VARCHAR(20) NOT NULL,
    "record_id" INT NOT NULL,
    "kind" VARCHAR(20) NOT NULL,
    "note" TEXT,
    "at" TIMESTAMPTZ NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_activity_account_aef2d5" ON "activity" ("account_id", "record_type", "record_id", "at");
COMMENT ON COLUMN "activity"."record_type" IS 'PERSON: person\nCOMPANY: company\nDEAL: deal';
COMMENT ON COLUMN "activity"."kind" IS 'NOTE: note\nCALL: call\nEMAIL: email\nMEETING: meeting\nTASK: task';
COMMENT ON TABLE "activity" IS 'One activity of a user on a record; `at` is when it happened, maybe backdated.';
CREATE TABLE IF NOT EXISTS "assignment" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "record_type" VARCHAR(20) NOT NULL,
    "record_id" INT NOT NULL,
    "started_at" TIMESTAMPTZ NOT NULL,
    "last_activity_at" TIMESTAMPTZ NOT NULL,
    "warned_for_clock" TIMESTAMPTZ,
    "reported_for_clock" TIMESTAMPTZ,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "object_role_id" INT NOT NULL REFERENCES "object_role" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_assignment_record__5473b3" UNIQUE ("record_type", "record_id", "object_role_id")
);
CREATE INDEX IF NOT EXISTS "idx_assignment_last_ac_84cef8" ON "assignment" ("last_activity_at");
CREATE INDEX IF NOT EXISTS "idx_assignment_account_a54290" ON "assignment" ("account_id", "record_type", "object_role_id", "user_id", "record_id");
CREATE INDEX IF NOT EXISTS "idx_assignment_object__f95838" ON "assignment" ("object_role_id", "last_activity_at");
COMMENT ON COLUMN "assignment"."record_type" IS 'PERSON: person\nCOMPANY: company\nDEAL: deal';
COMMENT ON TABLE "assignment" IS 'A user holding an object role on one record, with the clock of their activity.';
CREATE TABLE IF NOT EXISTS "bulk_job" (
    "id" UUID NOT NULL PRIMARY KEY,
    "state" VARCHAR(20) NOT NULL,
    "request" JSONB NOT NULL,
    "record_ids" JSONB,
    "total" INT NOT NULL,
    "done" INT NOT NULL,
    "changed" INT NOT NULL,
    "unchanged" INT NOT NULL,
    "batch_id" UUID NOT NULL,
    "error" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "actor_id" INT REFERENCES "user" ("id") ON DELETE SET NULL
);
COMMENT ON COLUMN "bulk_job"."state" IS 'QUEUED: queued\nRUNNING: running\nDONE: done\nFAILED: failed';
COMMENT ON TABLE "bulk_job" IS 'A bulk change too large for one request, processed in chunks by a worker.';
CREATE TABLE IF NOT EXISTS "company" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "sector" VARCHAR(100),
    "year_established" INT,
    "revenue" DECIMAL(14,2),
    "employees" INT,
    "office_location" VARCHAR(100),
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "created_by_id" INT REFERENCES "user" ("id") ON DELETE SET NULL,
    "parent_id" INT REFERENCES "company" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_company_account_fd17d3" UNIQUE ("account_id", "name")
);
CREATE INDEX IF NOT EXISTS "idx_company_name_5fdec7" ON "company" ("name");
CREATE INDEX IF NOT EXISTS "idx_company_created_976855" ON "company" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_company_updated_f6b7b3" ON "company" ("updated_at");
COMMENT ON TABLE "company" IS 'A customer organisation; `parent` is the company it is a subsidiary of.';
CREATE TABLE IF NOT EXISTS "deal" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "external_id" VARCHAR(64),
    "product" VARCHAR(100),
    "stage" VARCHAR(20) NOT NULL,
    "value" DECIMAL(14,2),
    "engage_date" DATE,
    "close_date" DATE,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "company_id" INT REFERENCES "company" ("id") ON DELETE SET NULL,
    "created_by_id" INT REFERENCES "user" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_deal_account_fa8ca9" UNIQUE ("account_id", "external_id")
);
CREATE INDEX IF NOT EXISTS "idx_deal_name_3ce850" ON "deal" ("name");
CREATE INDEX IF NOT EXISTS "idx_deal_created_7a13d0" ON "deal" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_deal_updated_3095f1" ON "deal" ("updated_at");
CREATE INDEX IF NOT EXISTS "idx_deal_account_736a88" ON "deal" ("account_id", "stage");
COMMENT ON COLUMN "deal"."stage" IS 'PROSPECTING: Prospecting\nENGAGING: Engaging\nWON: Won\nLOST: Lost';
COMMENT ON TABLE "deal" IS 'A sales opportunity; `value` is the closed value and is empty while open.';
CREATE TABLE IF NOT EXISTS "notification" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(20) NOT NULL,
    "key" VARCHAR(200) NOT NULL UNIQUE,
    "reason" VARCHAR(20),
    "batch_id" UUID,
    "record_count" INT NOT NULL,
    "records" JSONB NOT NULL,
    "expires_at" TIMESTAMPTZ,
    "records_kept" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "read_at" TIMESTAMPTZ,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "actor_id" INT REFERENCES "user" ("id") ON DELETE SET NULL,
    "assignee_id" INT REFERENCES "user" ("id") ON DELETE SET NULL,
    "object_role_id" INT NOT NULL REFERENCES "object_role" ("id") ON DELETE CASCADE,
    "recipient_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_notificatio_recipie_ece159" ON "notification" ("recipient_id", "read_at");
CREATE INDEX IF NOT EXISTS "idx_notificatio_recipie_6a6533" ON "notification" ("recipient_id", "created_at");
COMMENT ON COLUMN "notification"."kind" IS 'ASSIGNED: assigned\nREMOVED: removed\nEXPIRY_WARNING: expiry_warning\nREPORT_EXPIRED: report_expired';
COMMENT ON COLUMN "notification"."reason" IS 'MANUAL: manual\nBULK: bulk\nCLAIM: claim\nINACTIVITY: inactivity\nUSER_DELETED: user_deleted\nIMPORT: import\nUNDO: undo\nCREATE: create';
COMMENT ON TABLE "notification" IS 'A message to one user about records of one object role.';
CREATE TABLE IF NOT EXISTS "ownership_history" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "record_type" VARCHAR(20) NOT NULL,
    "record_id" INT NOT NULL,
    "reason" VARCHAR(20) NOT NULL,
    "batch_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "actor_id" INT REFERENCES "user" ("id") ON DELETE SET NULL,
    "new_user_id" INT REFERENCES "user" ("id") ON DELETE SET NULL,
    "object_role_id" INT NOT NULL REFERENCES "object_role" ("id") ON DELETE CASCADE,
    "previous_user_id" INT REFERENCES "user" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_ownership_h_batch_i_2e261a" ON "ownership_history" ("batch_id");
CREATE INDEX IF NOT EXISTS "idx_ownership_h_account_73b9f2" ON "ownership_history" ("account_id", "record_type", "record_id", "created_at");
COMMENT ON COLUMN "ownership_history"."record_type" IS 'PERSON: person\nCOMPANY: company\nDEAL: deal';
COMMENT ON COLUMN "ownership_history"."reason" IS 'MANUAL: manual\nBULK: bulk\nCLAIM: claim\nINACTIVITY: inactivity\nUSER_DELETED: user_deleted\nIMPORT: import\nUNDO: undo\nCREATE: create';
COMMENT ON TABLE "ownership_history" IS 'One change of the user holding an object role on a record.';
CREATE TABLE IF NOT EXISTS "person" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "email" VARCHAR(254),
    "phone" VARCHAR(50),
    "title" VARCHAR(100),
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "company_id" INT REFERENCES "company" ("id") ON DELETE SET NULL,
    "created_by_id" INT REFERENCES "user" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_person_name_f404e8" ON "person" ("name");
CREATE INDEX IF NOT EXISTS "idx_person_created_84b89d" ON "person" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_person_updated_97d770" ON "person" ("updated_at");
COMMENT ON TABLE "person" IS 'A contact, optionally working for a company.';
CREATE TABLE IF NOT EXISTS "policy_change" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(30) NOT NULL,
    "target" VARCHAR(200) NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "created_at" TIMESTAMPTZ NOT NULL,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "actor_id" INT REFERENCES "user" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_policy_chan_account_e40853" ON "policy_change" ("account_id", "id");
COMMENT ON COLUMN "policy_change"."kind" IS 'GRANT: grant\nREVOKE: revoke\nUSER_ROLES: user_roles\nDEFINE_USER_ROLE: define_user_role\nPLUGIN: plugin\nOWNERSHIP_SETTINGS: ownership_settings\nACCOUNT_SETTINGS: account_settings\nIMPORT: import';
COMMENT ON TABLE "policy_change" IS 'One change of an account''s policy or settings: who, what, before, after, when.';
CREATE TABLE IF NOT EXISTS "user_role" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(50) NOT NULL,
    "builtin" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_user_role_account_69a010" UNIQUE ("account_id", "name")
);
COMMENT ON TABLE "user_role" IS 'A named group of users that policy lines grant actions to.';
CREATE TABLE IF NOT EXISTS "casbin_rule" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "ptype" VARCHAR(255) NOT NULL,
    "v0" VARCHAR(255),
    "v1" VARCHAR(255),
    "v2" VARCHAR(255),
    "v3" VARCHAR(255),
    "v4" VARCHAR(255),
    "v5" VARCHAR(255)
);
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXWuT2ria/isqvkxOFZNK+pLMMltbRdMk4aQbeml6MnPClBEgwKeNxFhy09TZ/PfVxQ"
    "ZfweZqPPqS0Lbe1/aj+/Ne9J/SlAyRRd9WBwPiYFaqgP+UMJwi/iN8qwxKcDZb3RAXGOxb"
    "siz0FepTZsOB0DWCFkX80hDRgW3OmEmwKFwFDGGIWQWgF2QvAGETZAObzEEfWQSPKWAEoF"
    "euw+I3MQKu9rdC/ZAMuH4Tj3fW5GDzLwcZjIyREOP6vv/JL5t4iF4R9f6cPRsjE1nDADTm"
    "UCiQ1w22mMlrDcw+yYLiJfvGgFjOFK8KzxZsQvCytKnAGiOMbMiQUM9sR4CFHctyYfXwU2"
    "+6KqJe0SczRCPoWAJyIa1eYHWtZBjNVsd4rHcMoxSpDk/Ch6t7aUCwqEr+qlR+/Vi8ws8X"
    "768+Xv1y+eHqF15Evubyyscf6tErYJSghKfZKf2Q9yGDqoTEeAWq/D8Ca20C7XhcvfIhZP"
    "krh5H1cFwHrXdhhe2q9R4D3Cl8NSyEx2wiEH33bg2Uv1XbtS/V9hte6h/ikYR3N9UNm+6t"
    "C3VP4L3Cl1rOOAu+Xvn94HvaphtA930qdN+vQfd9DLoTMucvbiEOieFQZFPDxPwBFuM/o7"
    "DfEGIhiBOQ36QrVCV9ruxQbX555QDVsqYWblqtO6F5SulflrzQ6IRq4+n+ps6rSVYSL2Qy"
    "5B9nVjUzsJHAxIAsWg23/A4zpyi+HoKSIdCHruhb78c5jjr8A4ctbC3c/rimQjqN+/pjp3"
    "r/EKiV22qnLu5cyKuL0NU3H0I9aKkEfGt0vgDxJ/hXq1mX8BLKxrZ84qpc518l8U7QYcTA"
    "vFPAoW/o8K56qP0Q8/Xo2Te5iAt9OHieQ3toBO6smgdfHJgvJlvEdVJX9NPXNrKgBDfaDp"
    "bLJKXmDFvBD6/de1dXrcEHE6XmGE+RkNkNqKWiokLVd6xn49+kvyNQN1zNP0m/qCgNyHQG"
    "8a7drqa0FBWkIYLWjgjdchVFhQcTZo7MgURgR5iaPlVFhYv0/40GzLD50nNHtFpSU5srKi"
    "xWDuuTVwO97D7jtaSq+kuBpzwy599EJ+bMmJiUEXvXYb3l6fui1BUfN4oY4+r2hdujUldU"
    "3Gb8K3ce8h+kksJCRCxzsDAGE4jHuw73D1JXTaoqKl6SZ9kNpieuosjw7GPlIDAq2rpB0A"
    "zkgiQRD9Fb04tp+ArEcCw/STxbPCnMK8SaZlacwzrbjK/URuNMS1pJlAQgIwCBqHlAMP9l"
    "owGxh7+CHmQ9YFIwnyAMTAYm/OG8KodlMIWLPgLiywUrNoxabPavfrMZ57vfPKUeolrl6k"
    "9lo4Gs9Gcmm8+NOf67mH3+6+Li8vLjxbvLD79cX338eP3Lu6X9J3prnSHopvFZcLRlPy+4"
    "2TgUqraoDaOOnamsiAZ/e4gHKFIhIRV5NhuVHurtx1azAtQ6p4trrfuHavOPCnBZky6+rV"
    "fvKmDobu6zG5hS2ZfWmJfC9o9AR0ppGQ3IbO4pZzBF7MdGukL1mX/Htu3dk811Q+f36lyQ"
    "MMQbefWON+kBtKwurt9XG/wPNIUm/+u+Xu80mp8rYIqQ2NZ0caf6+JWPg5A+56P5iy+IVl"
    "QHvSY0fa/8VpXjDv95afTrrEb13zsBg5GH4Zv76u//CBiN7lrNz15xH+a1u9ZNCOvshrzC"
    "GvDOxGDnYRKx2Gk7bbrRq1h22kBnVkvzbAuHoJBeOcSsHOR+PROoPgmNqItoxKMg0nCjAH"
    "8iNjLH+CtaRNZnSa4DS01nBnESI8Iv23C+3ESH+itHQDk3ybVs9bFWva2XIo13D8AWjI8L"
    "o+rrsPGQJru/HJSxWjl4xHFWAfePNaxVsFwKp2JJJE2INeTYAoiBsnYCwVkKfkm4/6oNZx"
    "nMTTYBbILAwCKDZ8FD8T9Me8lMxXka71t9DG/1fS075bPeKpoqJcXllyuv+tZKN9f1PVzK"
    "gpQZ3vsamYmxvwsrdjBnaM13ab7rDKaqfa9aeVO2t9sDBiULuAc8kz1fqq1+ZHbJWNlx8s"
    "ep8mPOMUWqcb6sxLx3johtyEVR1hqPk99DjZ8Rk3puNW6jGZEj8tZ1Hq9B13qea13TeYdZ"
    "GPm2Z9mwjQpqfDVdqunSPBN7WenSEHezI76F9O0PQxwdFjUrXWhW2oumi6GkfYF2yXy0F9"
    "SXlo0W5YFyvgaMEGBBm//iK1mXKeZ1SlkZzGwyQJSiITAxL+7gZwr6CwDBnNjPyI4jovek"
    "uYu7uLdkpKj0uBScNeU1NhDfAUYmb2bKC1Pc4B8PJMtCywDiIegN+fN6QA5VUrSLlTrqez"
    "YlHCK7AhAcTNRb/ETdl6dSi9CM0XylbTo1mXhl/mcXc5gxhfJ1ykKXcBLlUHDF4m34utWZ"
    "Cj0jhmypSRADrg7esdQDD5Hs4+mpcZuB4HYcc/hWyGzT7zfz3KX/HjlY1Zl8kvjn6n9Kx9"
    "+uSBr1Uu0//DsL+enrCW/esuI8qNJR3Uvh45HcJV7UQcOMIJf+96n+VL+tACXdxe2nZlN6"
    "ttkOxtKz7ZbvzCpgKJv/p2rjTpQeQdNyn5UD4lsOMNGq+udjq5m0kV+KhHfv5oCB/wOWSc"
    "94PRcHrQAjsGePOL6FfdxCXUYoCDu+rUbrbOj7pXaqgPMhTg6CPyNMmZ9SbhGX5Y+3QXx3"
    "IKj3vd8W41sGJL3iGshIdhu5lspCXPgkNJwRHghnBzQgoyENQ9qHbDCJ5daSV9F+mX2upf"
    "M7YW1cOq8ARbZNYoiI5GCDpYCONsgebaDd0pNHiuK6pTuz4Za1HpTUtZ6XWo8xX0aTnGnr"
    "5UGWAHDASEbzml9kK0xzNm1p81puLBRZzWuyKR7P8JOzhpse1VWHDWDKXwA0n+7uTmX58V"
    "IExlh+fNkDky0/A1+hFIafgUMZmYqcFvYYYpPKfCi/gt4M2gizpZnF1SryW/ArEFCnT82h"
    "CUUW81Gc2WdvemMDD3zjh8QoHGCgvf+P6f2ft1Top8vVfZBM6Oe1pTsq+Oe5ti/ejk5X+l"
    "42dBTFr93WnHqwlCgCWXaEgw8WCNoGomK5ZNJJJuI8TlTv9aLbZ1tkoXViVgS3aGBOoZVk"
    "911KhccsJfbWFT8/gNegd1uvNe6rd2/eX5UvQkdDeA38KtKG0XRmkQWKy22Y2HgDMrrVxr"
    "isj0bmABkWWSXVTjsIx4jq0TjVaKwZzAOZ2d2Ff3+RDdqInB4pouAqCiMbsAEZDaomiE9I"
    "EK86uWaJN0AbGQ8TqOLo8LAHaNMfFnOm6AYGxcwkvG/b7JHG5q7pvgsHedCL8WjH85wjOs"
    "c9pOFcEDqkqUs2phg7l9fIko1cXmKdNBYuCi1EAZmJ6HwON1v8Cnov0HLQyghlERH8Iy/K"
    "KB9+ne+X2QLMJ6bIlzVDOM7GtUfNm6xc6JUhG0NLJsBal02LTypjpNNfaQPY0bDVBjBtC9"
    "EGMF3p+zCA+ae5DONpSKx45OuHqxSj6oerxEFV3AqRWDYZOoOYvpWMsk+keAgf5pR1uRiL"
    "hThVlPD42FHCDzahMxFPr87iyxIq/NBuPT7Ua+rgC5+eLq43P1c/y8t1PIZjee2bSJ/5Te"
    "TOvGs9dirgjqiIztMHDMu1ekbb5VJGWy79uMdYLkUDQMYwNnhezOoJ43tQbN2UXiyM+ZQc"
    "XguLHWVmAINSf2f8tMXxQBZHxZxmNDcGhLRZTBtytc0xF4Optjmel83RF/ShjY4b4A3MOb"
    "kK/WkSZo5M14ksxi4SuF9eZx/B4ZIp7CRTRCmUSdpkZjZ5gAjsE4cBL08aGck7vqNE4qwi"
    "W+kR6d3EYbtuojiZUAGMzRdEVS42LmrOTIQZgAxM+WZRavB/pjiMAYhDJIWdpYt9yiug94"
    "wW0iajGqtKCAfdp7AJ9JKwUZHJjaIX3uwtLwkdHA5pF/OP8bLPyYGv5x6TAiivIv6U+Vvv"
    "vkpNB8WNmbDwjIAzE1hAMELzLu59V8WA6HdlFxJgDv/sgRk0bZr6kOAlIkJAMILy2BNxNk"
    "rgjo8B14cF5/Ow4MKfmlp9fGx8borMcOqYJJlJrn7f+k1cstGUvIgr9d8fGu0/jG/Vtkox"
    "h15npr0wRCp9SRm16w+tdseQxZSgsLsaslhess3xcSYLo+oW30/lnbYnHd4KyAcymuSXne"
    "Z4IU86x9x16b7afBIHB/ElggOtLr55uvtakSlUu7h2V23cV8DAgua0ixvNaq3T+K3R+aPC"
    "Jy3vcJEufnqst43b+l29I/qIzG6rFji8hzXuRQ/i5aei5/CyzdsWL4OHhGtv16vibGM1X+"
    "SjN50wFVM+F7dxyGbIxORfwGTgEsJimv+KDXqSi78orJsyXe6e5jJv0K7B7SB5LtUKgG7h"
    "KRCU1Ee15MczIOoP4vYW4xnNYur5hvCNHsRrO9pSNFTRfS57qG62vHLc2r1pte4CFXvTCO"
    "eOe7q/qbffvA+Z7pIZ6PNwvtLda8vudV7uVrqatx5F4TZ17BPTs2Se61ebt3VKwHOBVHGB"
    "GQ+IC0lpYPXheyfY6iv7SubjtANiGlvtknFKl4yAmfA4HhnnCm246+ozDg8A8jZnHOpct+"
    "lGho25buMWZhrXTbgG16K58iXyDRkxnkTBASXZjyg0jKVxIxJlAVRuPwOIwYRYQ0CwPAtR"
    "0LBlQJ3BBEAKWnMs8wODGvmZiN9x3kS7qtsUWC1M8Dp78CmDp0/pM3Hq1XPAgH6dxoB+nW"
    "xAv44Y0PMWl160+D7XMq50RXDeeMbhUu745l/fGax9x7SYielb8bxTHMN6EKOw+1UZLYU+"
    "KW0k1EbCv3G0fpoUDdrYoEmwvG3JUpBgaVLKqa3dFInHR6eQDAnBqktFBUI9SHWJvRadmD"
    "NjwhcQxF7siFjL0/dFqSs+bhQxkSlhX7g9KnVFwu2gTInD+uS1/oLk46JUie92eS1XIgsa"
    "aFlyM1mCgSwN5tAUNSbChPoIzBz3gAHBc4igJHdQ+4mCNhqaVAZJYWTF0CU7KhRRWNVlcV"
    "v5mlMR3kRBfwHcdgp68rrByDPCPRlLpa7wZRzXalq98lKHCJ2aoKksxH+I6Cr+/N7yjfi6"
    "r/cWfBN3oO/BQxPRsnxVqRi4jpoqtAtiIqic6HuKeCz5rnDMG0/qSCr/ywgZL8WeDpXSoV"
    "LHDpXi9xqfGrVqpyES5PjjG7u49a1Zbz9+aTwYfHPc/CziO1ZziO9M76zUyGUaZuQymRi5"
    "jPAiM7iwCIypqWRKxCeineF34D30TnybqsjTzjuVn59vBs5C8IbEchwKtyXNe3mRZiy7SB"
    "7LLiLJR/0rm8x9KiysvWfz3KvCK8EsVR2W1TWd55rW1KWmLgtFXR6UIQkzcnE0SQxrt4Yr"
    "CXOG6QgTX4YYN/2K9AsRPiGCl4DYn1PG7yUSpUq2VyVIkp50qer50/kjrPLBLChDUzCFQ6"
    "ROAJDPKIMRsQF6dXPCYF/IfmqawteXfPZj35+q4eiEL7lnMULVtw2ZEVKRa07jod5+FGyG"
    "OmCli2ut+4dq84+Kd/h7F9/WRdIL71CP0yeeCHSo9O79Kxm9NoiNmzhhApdjNXadwSUnGV"
    "xSVPgxZ579ZHDR7N42AOvdqZ6BXFx1FO+eIcVobsg5KhOqISkNrI7iPfopzjZ6MYlDt2i9"
    "caK6CWsy8ITBvDre9CjxpoGevwegix0fGTdOpog/9RYHGt8N+IZWUWlCe3W89H7ipU9siP"
    "FcfNcZYnxuwGkMMdRXfLMhxhMDtiPOQBbWDZGQ35fbXrp8+m0oJhZWFXdiizHI7EXlpnDf"
    "EG/unzZ1FPApo4C1TST3NpG/HC/RfoaISr+YDqnMEFIpCUJ1OIIBR0xYAWBcaE0yc5WoQO"
    "9Vo3CLYyaMPuKzDsoKdJyohjgKsU4xmwz1eQYJxxgzImFu2pah+eFzwVeTl5q8PA+I05KX"
    "p+EpHuSuphTDTrh3yus4idmqTIp8YxwqxouUAZEXoWUtwJzYz8KLU3AI0NtSxWUXyya82U"
    "tTcwbH5Azylt6qYAeunZez0VHBP8/lepqcPue1SdOVvpc9GprCuNjG5JF0KVC8CNKL66s0"
    "Q+n1VfJQKu6FnE04SJmmqqVA8QDef5pLZrK4nUMyukuB4qF7kDyXmsM5DIcTPIs+Ja5BIU"
    "00J2ej7GdFNiynwdW82Al5sVV73AO8xXbZiXTdFM5Q7kC6B2xrK00FhTcw5+TKJ+qBWOZg"
    "UZNh1qU4xtF/v7yWd5Ql3Uxa6ejHYBT5yhfpJwqUNnEegZfesQLmE1Lm/0BWBspeXAbSMl"
    "+W8eObgtR3VR8buC5YTvUIqoLWicOo6QavVx8aq/MVJBfKq2H4s2Xy91IhiFxpTz3LTQQo"
    "H8h/2wiI9FSAYjijE8KoF2bvJioDM2gzQPh2epsAeJ2iL7fB7YVP0fe5XW12KmBsQ8y6uF"
    "3/rfW1XgE2eiHPyI3ebbfu6o9u7K4w0VDhzvWp0awby9vCtWvE+5GxLNTFD3dPHPEKmFnO"
    "2Awk/OPv0mk0Pz/6M/55/b6Lq7Va66nZ8ZXyVhqrMsHI4fBIk2Znuf80gQzavLtn2rgvJf"
    "LcRPJE4qvBOYpxcibGlcROiRjzudKJQ/YgeRjlPJgF9qWARl1nv9Tx8To+XsfHnyukmi47"
    "CV2mg9vOOrhNwh5D4HjVkUzceMGiadzFlHOZoEqAOJiFihgyRnzcyq8qEaDctvFV14uMMh"
    "PERQ3SPv+piJc4Z7J9qt4Ux6YM8DpkTbufFXfremSvlJwjfBC3FEjpXMRMTiCdZEE6IlhI"
    "xK9TIX69BvHraBTlWPoZG2Q0MgeZho8YUe2+ksp9RbMCyeifp1NjGk9WN2nmFrUelNSJ/D"
    "UVdAYdec9UkNqmZSSDgkKaDtJ00AnpILcxakJoA67BTpuZEtJn5m5x9qv/YL8dwWr6VBUV"
    "LhsJp4UdgSpWLz7okbgCKhlAnUDHesHV6ynZZUB3Gl5WPGUIxjZxZsJTTMiLA10h8zzdhN"
    "MZVV43QCTL54AARuJ42F1UbeJdJRiadtW0ay7Ykv2HUvUd02JmzCEda5N8+aR0jq8MOb40"
    "MZXc0ItLTGnKQu+tc7YHzO/Zg8o03nbiF6O+u2uXowNZzrCdlAvSZIB1Dph8rQZnEpsMy8"
    "GlQAHXgwcxWb68ywKvKl08w+RhoH2fCdr3Gtr00F5kgvZCQ5se2stM0F5qaNNDe5UJ2isN"
    "bXporzNBe62hXQttZON1mu1BFdnmYFKK2Rq4d9ZuC+CqjN4RFGVH8IJsaiadM5zQ21ciel"
    "eQbjgVnSoDwm7xAqJ7GI9FghmK466S40d9IjtFkOYN7WOEkJ50Mvvx/xXQ5jQ="
)
