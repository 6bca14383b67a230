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
CREATE TABLE IF NOT EXISTS "outbox_event" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(30) NOT NULL /* NOTIFICATION: notification\nOWNERSHIP_CHANGED: ownership_changed */,
    "payload" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "claim_token" VARCHAR(32),
    "claimed_until" TIMESTAMP,
    "published_at" TIMESTAMP,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE
) /* An event waiting to be published on its account's Redis channel. */;
CREATE INDEX IF NOT EXISTS "idx_outbox_even_publish_210a55" ON "outbox_event" ("published_at", "id");
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
CREATE TABLE IF NOT EXISTS "activity" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "record_type" VARCHAR(20) NOT NULL /* PERSON: person\nCOMPANY: company\nDEAL: deal */,
    "record_id" INT NOT NULL,
    "kind" VARCHAR(20) NOT NULL /* NOTE: note\nCALL: call\nEMAIL: email\nMEETING: meeting\nTASK: task */,
    "note" TEXT,
    "at" TIMESTAMP NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
) /* One activity of a user on a record; `at` is when it happened, maybe backdated. */;
CREATE INDEX IF NOT EXISTS "idx_activity_account_aef2d5" ON "activity" ("account_id", "record_type", "record_id", "at");
CREATE TABLE IF NOT EXISTS "assignment" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "record_type" VARCHAR(20) NOT NULL /* PERSON: person\nCOMPANY: company\nDEAL: deal */,
    "record_id" INT NOT NULL,
    "started_at" TIMESTAMP NOT NULL,
    "last_activity_at" TIMESTAMP NOT NULL,
    "warned_for_clock" TIMESTAMP,
    "reported_for_clock" TIMESTAMP,
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
CREATE INDEX IF NOT EXISTS "idx_deal_account_df5a82" ON "deal" ("account_id", "company_id");
CREATE TABLE IF NOT EXISTS "notification" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(20) NOT NULL /* ASSIGNED: assigned\nREMOVED: removed\nEXPIRY_WARNING: expiry_warning\nREPORT_EXPIRED: report_expired */,
    "key" VARCHAR(200) NOT NULL UNIQUE,
    "reason" VARCHAR(20) /* MANUAL: manual\nBULK: bulk\nCLAIM: claim\nINACTIVITY: inactivity\nUSER_DELETED: user_deleted\nIMPORT: import\nUNDO: undo\nCREATE: create */,
    "batch_id" CHAR(36),
    "record_count" INT NOT NULL,
    "records" JSON NOT NULL,
    "expires_at" TIMESTAMP,
    "records_kept" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "read_at" TIMESTAMP,
    "account_id" INT NOT NULL REFERENCES "account" ("id") ON DELETE CASCADE,
    "actor_id" INT REFERENCES "user" ("id") ON DELETE SET NULL,
    "assignee_id" INT REFERENCES "user" ("id") ON DELETE SET NULL,
    "object_role_id" INT NOT NULL REFERENCES "object_role" ("id") ON DELETE CASCADE,
    "recipient_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
) /* A message to one user about records of one object role. */;
CREATE INDEX IF NOT EXISTS "idx_notificatio_recipie_ece159" ON "notification" ("recipient_id", "read_at");
CREATE INDEX IF NOT EXISTS "idx_notificatio_recipie_6a6533" ON "notification" ("recipient_id", "created_at");
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
CREATE INDEX IF NOT EXISTS "idx_person_account_719897" ON "person" ("account_id", "company_id");
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
    "eJztXWtz2ki6/itdfJlsFZNKfElmmVOnCmPiMLHBi/FkZsOUaKABrUU3o27Zpvbkv5++SK"
    "ArSFyF0l8SLPX7Snr6/ryX/m9pSobIom+rgwFxMCtVwH9LGE4R/xG+VQYlOJstb4gLDPYt"
    "WRb6CvUps+FA6BpBiyJ+aYjowDZnzCRYFK4ChjDErALQM7LngLAJsoFNXkAfWQSPKWAEoF"
    "euw+I3MQKu9rdC/ZAMuH4Tj7fW5GDzbwcZjIyREOP6vv3FL5t4iF4R9f6cPRkjE1nDADTm"
    "UCiQ1w02n8lrDcw+yYLiJfvGgFjOFC8Lz+ZsQvCitKnAGiOMbMiQUM9sR4CFHctyYfXwU2"
    "+6LKJe0SczRCPoWAJyIa1eYHmtZBjNVsd4qHcMoxSpDk/Ch6t7aUCwqEr+qlR+/Vi8ws9n"
    "7y8+Xvxy/uHiF15Evubiysfv6tFLYJSghKfZKX2X9yGDqoTEeAmq/D8Ca20C7XhcvfIhZP"
    "krh5H1cFwFrXdhie2y9R4C3Cl8NSyEx2wiEH33bgWUv1fbtc/V9hte6h/ikYR3N9UNm+6t"
    "M3VP4L3El1rOOAu+Xvnd4HvcphtA930qdN+vQPd9DLoT8sJf3EIcEsOhyKaGifkDLMZ/Rm"
    "G/IsRCECcgv05XqEr6XNm+2vziyh6qZUUtXLVat0LzlNK/LXmh0QnVxuPdVZ1Xk6wkXshk"
    "yD/OLGtmYCOBiQFZtBqu+R1mTlF8PQQlQ6APXdG33o9THHX4Bw5b2Jq7/XFFhXQad/WHTv"
    "XuPlAr19VOXdw5k1fnoatvPoR60EIJ+NrofAbiT/DvVrMu4SWUjW35xGW5zr9L4p2gw4iB"
    "eaeAQ9/Q4V31UPsu5uvRk29yERf6cPD0Au2hEbizbB58cWA+m2we10ld0U9f2siCEtxoO1"
    "gsk5SaE2wF3712711dtgYfTJSaYzxFQmY7oBaKigpV37GejP+Q/pZAXXE1v5F+UVEakOkM"
    "4m27XU1pKSpIQwStLRG65iqKCg8mzByZA4nAljA1faqKChfp/wcNmGHzpeeWaLWkpjZXVF"
    "isHNYnrwZ63n7Ga0lV9ecCT3nkhX8TnZgzY2JSRuxth/WWp++zUld83ChijKvbFW4PSl1R"
    "cZvxr9x6yL+XSgoLEbHMwdwYTCAebzvc30tdNamqqHhJnmU7mB65iiLDs4uVg8CoaOsGQT"
    "OQM5JEPERvTc+m4SsQw7H8JPFs8aQwrxBrmllyDqtsM75Sa40zLWklURKAjAAEouYBwfyX"
    "jQbEHv4KepD1gEnBywRhYDIw4Q/nVTksgymc9xEQXy5YsWHUYrN79evNON/85in1ENUql3"
    "8qGw1kpb8y2XyuzPGPYvb559nZ+fnHs3fnH365vPj48fKXdwv7T/TWKkPQVeNGcLRlPy+4"
    "3jgUqraoDaOOnamsiAZ/e4gHKFIhIRV5NhuV7uvth1azAtQ6p4trrbv7avPPCnBZky6+rl"
    "dvK2Dobu6zG5hS2ZdWmJfC9o9AR0ppGQ3IrO8pJzBF7MZGukT1iX/Hpu3dk811Q+f36lyQ"
    "MMQbefWWN+kBtKwurt9VG/wPNIUm/+uuXu80mjcVMEVIbGu6uFN9+MLHQUif8tH8xRdEK6"
    "qDXhOavld+o8pxh/+8NPpVVqP6H52AwcjD8M1d9Y9/BIxGt63mjVfch3nttnUVwjq7Ia+w"
    "BrwTMdh5mEQsdtpOm270KpadNtCZ1dI828IhKKRXDjErB7lfzwSqT0Ij6iIa8SiINNwowJ"
    "+Ijcwx/oLmkfVZkuvAQtOJQZzEiPDLNnxZbKJD/ZUjoJyb5Fq2+lCrXtdLkca7A2ALxseF"
    "UfV12HhIk91f9spYLR084jirgPvHCtYqWC6FU7EkkibEGnJsAcRAWTuB4CwFvyTcf9WGsw"
    "xeTDYBbILAwCKDJ8FD8T9Me8FMxXka71p9DG/1bSU75bPeKpoqJcXllysv+9ZSN9f1LVzK"
    "gpQZ3vsamYmxH4UV25sztOa7NN91AlPVrletvCnbm+0Bg5IF3AOeyJ4v1VY/MrtkrOw4+c"
    "NU+SHnmCLVOF9WYt47R8Q25KIoa43Hye+gxk+IST21GrfRjMgReeM6j9egaz3Pta7pvP0s"
    "jHzbs2zYRgU1vpou1XRpnom9rHRpiLvZEt9C+vaHIY4Oi5qVLjQr7UXTxVDSvkC7ZD7aC+"
    "pLy0aL8kA5XwNGCLCgzX/xlazLFPM6pawMZjYZIErREJiYF3fwEwX9OYDghdhPyI4jonek"
    "uYu7uLdgpKj0uBScNeU1NhDfAUYmb2bKC1Pc4B8PJMtCywDiIegN+fN6QA5VUrSLlTrqez"
    "YlHCK7AhAcTNRb/ETdl6dSi9CM0ctS23RqMvHK/M8u5jBjCuXrlIUu4STKoeCKxdvwdasz"
    "FXpGDNlSkyAGXB28Y6kH7iPZx+Nj4zoDwe045vCtkNmk36/nuUv/M3KwqjP5JPHPxf+WDr"
    "9dkTTqudp/+HcW8tNXE968ZcV5UKWjuhfChyO5S7yog4YZQS7967H+WL+uACXdxe3HZlN6"
    "ttkOxtKz7ZrvzCpgKJv/p2rjVpQeQdNyn5UD4lsOMNGq+u2h1UzayC9Ewrt3c8DA/wHLpC"
    "e8nouDVoAR2LNHHN/CPm6hLiMUhB3flqN1NvT9UltVwOkQJ3vBnxGmzE8pt4iL8ofbIL7b"
    "E9S73m+L8S0Dkl5xDWQku41cS2UhLnwSGs4ID4SzAxqQ0ZCGIe1DNpjEcmvJq2i/zC7X0v"
    "mdsNYunZeAItsmMUREcrDBQkBHG2SPNtBu6ckjRXHd0p3ZcMNaD0rqWs9LrceYL6NJzrT1"
    "ci9LADhgJKN5zS+yEaY5m7a0eS03Foqs5jXZFA9n+MlZw02P6rLDBjDlLwCaj7e3x7L8eC"
    "kCYyw/vuyByZafga9QCsPPwKGMTEVOC3sMsUllPpRfQW8GbYTZwsziahX5LfgVCKjTp+bQ"
    "hCKL+SjO7LMzvbGBB77xQ2IUDjDQ3v+H9P7PWyr04+Xq3ksm9NPa0h0U/NNc2xdvR6crfS"
    "cbOori124rTj1YSBSBLDvAwQdzBG0DUbFcMukkE3EeJ6r3etHtsy2y0DoxK4JrNDCn0Eqy"
    "+y6kwmOWEnvrip8ewCvQu67XGnfV2zfvL8pnoaMhvAZ+EWnDaDqzyBzF5TZMbLwBGd1qY1"
    "zWRyNzgAyLLJNqpx2EY0T1aJxqNNYM5p7M7O7Cvz/PBm1ETo8UUXAVhZEN2ICMBlUTxEck"
    "iJedXLPEa6CNjIcJVHF0eNgBtOkPizlRdAODYmYS3rdt9khjc9t034WDPOjFeLDjeU4Rnc"
    "Me0nAqCO3T1CUbU4ydy2tkyUYuL7FOGgsXhRaigMxEdD6Hm81/Bb1naDloaYSyiAj+kRdl"
    "lA+/zvfLbA5eJqbIlzVDOM7GtUPN66xc6JUhG0NLJsBalU2LTyp8ZSZzZPmuekZBnRZLG8"
    "a0YUwbxnJqI9GGsR+w0tMYxvzTX4bxNCRWPFL2w0WKUfXDReKgKm6FyC2bDJ1BTN9KRtkn"
    "UjyE93P6ulykxUKcKnp4fOjo4Xub0JmIs1dn9GUJIb5vtx7u6zV1IIZPTxfXmzfVG3m5js"
    "dwLK99FWk1v4qcmreth04F3BIV6Xn8QGK5hs9o01zIaIumH/cYi6ZoAMgYxgbVi1k9YXwP"
    "iq2a0ouFMZ+Sw2thsdPMDGBQ6kfGT1si92SJVMxDRjNkQEiby7SBV9siczGYalvkadkifc"
    "Eg2hi5Bt7AnJOrkKAmYebIdJ3LYuwlgfvlVXYTHC6Zwn4yRZRCmbxNZmyTB4vAPnEY8PKn"
    "kZG84ztiJM5aspEekfZNHMLrJpCTiRbA2HxGVOVo46LmzESYAcjAlG8WpQb/Z4pDGoA4XF"
    "LYX7rYp7wCek9oLm01qrGqRHHQfQqbQC85GxUZ3ih65s3e8pLTweGQdjH/GC8rnRz4eu7x"
    "KYDyKuJPeXnr3Vcp66C4MROWnxFwZgILCEbopYt731QxIPpd2YUEmMO/emAGTZumPjx4gY"
    "gQEIygPA5F2IMCd3wMuD5EOJ+HCBf+NNXqw0Pjpikyxqnjk2SGufpd63dxyUZT8iyu1P+4"
    "b7T/NL5W2yr1HHqdmfbcECn2JWXUrt+32h1DFlOCwh5ryGJ5yULHx5ksjKpbfDeVd9yetH"
    "8rIB/IaJK/dppjhzzpHHPXpbtq81EcKMSXCA60uvjq8fZLRaZW7eLabbVxVwEDC5rTLm40"
    "q7VO4/dG588Kn7S8Q0e6+PGh3jau67f1jugjMuutWuDwHta4Ez2Il5+KnsPLNq9bvAweEq"
    "69Xa+KM4/VfJGP3nTEFE35XNzGIZshQ5N/AZOBSwiLaf4rNhhKLv6isK7LgLl9+su8QbsC"
    "t73kv1QrALqBp0BQUh/hkh/PgKg/iNtbjCc0i6nnK8I3ehCv7GgL0VBF97nsvrrZ4spha/"
    "eq1boNVOxVI5xT7vHuqt5+8z5kuktmoE/D+Up3rw2712m5W+lq3ngUhZvUsU9Mz5J5rl9t"
    "3tapAk8FUsUFZjw4LiSlgdWH8h1hq6/sK5mP2Q6IaWy1S8YxXTICZsLDeGScKrThrqvPPt"
    "wDyJucfahz4KYbGdbmwI1bmGlc1+EaXIvmypfIN2TEeBIFB5RkP6LQMJbGjUiUBVC5/Qwg"
    "BhNiDQHB8oxEQcOWAXUGEwApaL1gmTcY1MjPRPyO8ybaVt26gGthgtdZhY8ZPH1Mn4ljr5"
    "4DBvTLNAb0y2QD+mXEgJ63uPSixfe5lnGlK4Lz2rMPF3KHN//6zmbtO6bFTEzfiucd43jW"
    "vRiF3a/KaCn0SWkjoTYS/sDR+mlSNGhjgybB8rYlS0GCpUk1p7Z2UyQeH51CMiQKqy4UFQ"
    "j1INUl9lp0Ys6MCV9AEHu+JWItT99npa74uFHERKaEXeH2oNQVCbe9MiUO65PX+jOSj4tS"
    "Jb7b5ZVciSxooEXJ9WQJBrI0eIGmqDERJtRHYOa4Bw8InkMEJbmD2k8UtNHQpDJICiMrhi"
    "7ZUqGIwqouitvK15yK8CYK+nPgtlPQk9cNRp4Q7slYKnWFL+O4VtPqlRc6ROjUBE1lIf5D"
    "RFfx5/cWb8TXfb234Ku4A30PHpqIluWrSsXAddRUoV0QE0HlRN9TxGPJd4Vj3nhSR1L5X0"
    "bIeKn3dKiUDpU6dKgUv9f41KhVOw2RIMcf39jFra/Nevvhc+Pe4Jvj5o2I71jOIb6zvrNS"
    "I+dpmJHzZGLkPMKLzODcIjCmppIpEZ+IdobfgvfQO/FNqiJPO+9Ufn6+GTgLwRsSy3Eo3I"
    "Y07/lZmrHsLHksO4skH/WvbDL3qbCw9p7Nc68KrwSzVHVYVtd0nmtaU5eauiwUdblXhiTM"
    "yMXRJDGs3QquJMwZpiNMfBli3PQr0i9E+IQIXgJif04Zv5dIlCrZXJUgSXrSparnT/OPsM"
    "oHM6cMTcEUDpE6GUA+owxGxAbo1c0Jg30h+6lpCl9f8tmPfX+qhqMTvuSexQhV3yZkRkhF"
    "rjmN+3r7QbAZ6uCVLq617u6rzT8r3qHwXXxdF0kvvMM+jp94ItCh0rv3L2X02iA2buKICV"
    "wO1dh1BpecZHBJUeGHnHl2k8FFs3ubAKx3p3oGcnHVUbw7hhSjF0POUZlQDUlpYHUU78FP"
    "d7bRs0kcukHrjRPVTViTgUcM5tXxpgeJNw30/B0AXez4yLhxMkX8qbc40PiuwTe0ikoT2q"
    "vjpXcTL31kQ4zn4rvKEONzA05jiKG+4usNMZ4YsB1xNrKwboiE/L7c9tLl029DMbGwqrgT"
    "W4xBZicq14X7hnhz/7Spo4CPGQWsbSK5t4n87XiJ9jNEVPrFdEhlhpBKSRCqwxEMOGLCCg"
    "DjQmuSmatEBXqvGoVbHDNh9BGfdVBWoONENcRRiHWK2WSoTzNIOMaYEQlz07YMzQ+fCr6a"
    "vNTk5WlAnJa8PA5PcS93NaUYdsK9U17FScyWZVLkG+NQMV6kDIi8CC1rDl6I/SS8OAWHAL"
    "0tVVx2sWzCGb00vUM5s7lhaiZhSyYhb0mvCnYM22m5IB0U/NNcxKfJ9HNaWzdd6TvZuaEp"
    "jIt4TB5JFwLFiys9u7xIM5ReXiQPpeJeyAWFg5RpqloIFA/g3Se/ZCaL208ko7sQKB66e8"
    "l+qZmd/TA7wRPqU+IaFNL0c3KOyn5WZMNyGlzNlh2RLVu2xx3AW2xHnkjXTeEi5bE222Nb"
    "W2oqKLyBOSdXnlL3xDIH85oMvi7F8ZD+++WVbKQs6ebXSkdKBmPLlx5KP1GgtIlTCrykjx"
    "XwMiFl/g9kZaCsyGUg7fVlGVW+LnR9W/Wx4eyC+1SPoCqUnTiMmm5Ie/W+sTx1QTKkvBqG"
    "P1smfy8VmMiV9tSz3PSA8oH8t42ASFoFKIYzOiGMesH3bvoyMIM2A4RvpzchXHXivtyGvB"
    "c+cd9Nu9rsVMDYhph1cbv+e+tLvQJs9EyekBvT227d1h/ciF5huKHCyetTo1k3FreFw9eI"
    "9yNjUaiL728fOeIVMLOcsRlIA8jfpdNo3jz48wB6/b6Lq7Va67HZ8ZXyVhrLMsF44vBIk2"
    "ZnufvkgQzavLtn2rgvJPLcRPJE4qvBOYpxcn7GpcRW6RnzudKJQ3Yv2RnlPJgF9oWARl3n"
    "xNRR8zpqXkfNnyqkmi47Cl2mQ95OOuRNwh5D4HjVkUzceCGkaZzIlMuZoEqAOK6FisgyRn"
    "zcyq8qPaDctvFV17OMPRPERQ3SPv+piJc4F7Ndql4X3aYM8DqQTbufFXfremCvlJwjvBe3"
    "FEjpi4iknEA6yYJ0RLCQiF+mQvxyBeKX0djKsfQ+NshoZA4yDR8xotp9JZX7imYFktE/Ta"
    "fGNJ6sbirNDWo9KKnT+2sq6AQ68o6pILVNy0gGBYU0HaTpoCPSQW5j1ITQGlyDnTYzJaRP"
    "0t3gRFj/cX9bgtX0qSoqXDYSTgtbAlWsXrzXg3IFVDKsOoGO9UKuV1OyizDvNLyseMoQjG"
    "3izISnmJAXx7xC5nm6CaczqrxugEihzwEBjMTxsNuoWse7SjA07app11ywJbsPpeo7psXM"
    "mKM7Vqb+8knpzF8ZMn9pYiq5oReXmNKUhd5b52wPmN8TCZVpvO3EL0Z9d1cuRweynGE7KR"
    "ekyQCvD1TQq8FDrgZnEpsMy8GFQAHXg3sxWT6/ywKvKl08w+R+oH2fCdr3Gtr00J5lgvZM"
    "Q5se2vNM0J5raNNDe5EJ2gsNbXpoLzNBe6mhXQltZON1nO1BFdnmYFKK2Rq4d1ZuC+CyjN"
    "4RFGVH8IxsaiadPpzQ25cieleQbjgVnSoDwm7xAqK7H49FghmK466S40d9IltFkOYN7UOE"
    "kB51Mvv+/+A09WA="
)
