from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_person_name_f404e8";
        DROP INDEX IF EXISTS "idx_person_updated_97d770";
        DROP INDEX IF EXISTS "idx_person_created_84b89d";
        DROP INDEX IF EXISTS "idx_deal_name_3ce850";
        DROP INDEX IF EXISTS "idx_deal_updated_3095f1";
        DROP INDEX IF EXISTS "idx_deal_created_7a13d0";
        DROP INDEX IF EXISTS "idx_company_name_5fdec7";
        DROP INDEX IF EXISTS "idx_company_updated_f6b7b3";
        DROP INDEX IF EXISTS "idx_company_created_976855";
        CREATE INDEX "idx_company_account_ac85ec" ON "company" ("account_id", "created_at", "id");
        CREATE INDEX "idx_company_account_d32ed0" ON "company" ("account_id", "updated_at", "id");
        CREATE INDEX "idx_company_account_06fa1c" ON "company" ("account_id", "name", "id");
        CREATE INDEX "idx_deal_account_7e7bc5" ON "deal" ("account_id", "name", "id");
        CREATE INDEX "idx_deal_account_97af55" ON "deal" ("account_id", "value", "id");
        CREATE INDEX "idx_deal_account_9824c3" ON "deal" ("account_id", "close_date", "id");
        CREATE INDEX "idx_deal_account_e1280b" ON "deal" ("account_id", "created_at", "id");
        CREATE INDEX "idx_deal_account_76bcd6" ON "deal" ("account_id", "updated_at", "id");
        CREATE INDEX "idx_person_account_abdc96" ON "person" ("account_id", "created_at", "id");
        CREATE INDEX "idx_person_account_5381c4" ON "person" ("account_id", "updated_at", "id");
        CREATE INDEX "idx_person_account_a9cfe8" ON "person" ("account_id", "name", "id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_person_account_a9cfe8";
        DROP INDEX IF EXISTS "idx_person_account_5381c4";
        DROP INDEX IF EXISTS "idx_person_account_abdc96";
        DROP INDEX IF EXISTS "idx_deal_account_76bcd6";
        DROP INDEX IF EXISTS "idx_deal_account_e1280b";
        DROP INDEX IF EXISTS "idx_deal_account_9824c3";
        DROP INDEX IF EXISTS "idx_deal_account_97af55";
        DROP INDEX IF EXISTS "idx_deal_account_7e7bc5";
        DROP INDEX IF EXISTS "idx_company_account_06fa1c";
        DROP INDEX IF EXISTS "idx_company_account_d32ed0";
        DROP INDEX IF EXISTS "idx_company_account_ac85ec";
        CREATE INDEX "idx_company_created_976855" ON "company" ("created_at");
        CREATE INDEX "idx_company_updated_f6b7b3" ON "company" ("updated_at");
        CREATE INDEX "idx_company_name_5fdec7" ON "company" ("name");
        CREATE INDEX "idx_deal_created_7a13d0" ON "deal" ("created_at");
        CREATE INDEX "idx_deal_updated_3095f1" ON "deal" ("updated_at");
        CREATE INDEX "idx_deal_name_3ce850" ON "deal" ("name");
        CREATE INDEX "idx_person_created_84b89d" ON "person" ("created_at");
        CREATE INDEX "idx_person_updated_97d770" ON "person" ("updated_at");
        CREATE INDEX "idx_person_name_f404e8" ON "person" ("name");"""


MODELS_STATE = (
    "eJztXWtz2si2/StdfJmcKiaV+JHMYW7dKmyThIkNPhhPZk6YkhtoQMeim1FLdqhz899v72"
    "4J9ATJvITSXxIs9d6SVr/XfvR/K1M2JBZ/XR8MmEudSg39t0LxlIgf0VtVVMGz2fIGXHBw"
    "35JlcaBQnzs2HoCuEbY4EZeGhA9sc+aYjELhOnIIxdSpIfJE7DlizoTYyGbPqE8sRsccOQ"
    "yRb0KHJW5Sgjztr0H9kA2EfpOON9bkUvNvlxgOGxMQE/q+/iUum3RIvhHu/zl7NEYmsYYh"
    "aMwhKJDXDWc+k9ea1PkgC8JL9o0Bs9wpXRaezZ0Jo4vSpgJrTCixsUNAvWO7ABZ1LcuD1c"
    "dPvemyiHrFgMyQjLBrAeQgrV5gea1iGK1217hrdA2jEqsOXyKAq3dpwChUpXhVLr9+DK/w"
    "88nbs/dnv5y+O/tFFJGvubjy/rt69BIYJSjhaXUr3+V97GBVQmK8BFX+H4P1coLtZFz98h"
    "FkxStHkfVxXAWtf2GJ7bL17gPcKf5mWISOnQkg+ubNCih/r3cuP9U7r0Spf8Ajmehuqhu2"
    "vFsn6h7gvcSXW+44D75++e3ge9imG0L3bSZ0365A920CuhP2LF7cIgISw+XE5oZJxQMsR/"
    "yMw37BmEUwTUF+na5IlfSFsl21+cWVHVTLilq4aLevQfOU878teaHZjdTG/c1FQ1STrCRR"
    "yHRIcJxZ1szAJoCJgZ14NVyJO445Jcn1EJaMgD70RF/7P45x1BEfOGxTa+71xxUV0m3eNO"
    "669ZvbUK1c1bsNuHMir84jV1+9i/SghRL0pdn9hOBP9O92qyHhZdwZ2/KJy3Ldf1fgnbDr"
    "MIOKToGHgaHDv+qj9h3m69FjYHKBC308eHzG9tAI3Vk2D7E4MJ9MZ57UST3RD587xMIS3H"
    "g7WCyTlJojbAXf/XbvX122hgBMnJtjOiUgsxlQC0VlharvWo/Gf1h/Q6AuhJrfWL+sKA3Y"
    "dIbppt3uUmkpK0hDgq0NEboSKsoKD2WOOTIHEoENYWoFVJUVLtb/Dxk4hi2Wnhui1ZaaOk"
    "JRabFynT77ZpCnzWe8tlTVeCrxlMeexTfxiTkzJiZ3mL3psN729X1S6sqPGyeOI9RtC7c7"
    "pa6suM3EV2485N9KJaWFiFnmYG4MJpiONx3ub6WuS6mqrHhJnmUzmO6FijLDs42VA2BUtn"
    "UD0AzshKURD/Fb05Np9AqmeCw/CZ4NT4ryCommmSXnsMo2Eyi11jjTllYSJYHYCGEENY8Y"
    "Fb9sMmD28Ff0gJ0HZHL0PCEUmQ6aiIeLqhxW0RTP+wTBlwMrNoxbbLavfr0Z52vQPKUeol"
    "rl8k9lo8FO5a9cNp8Lc/yjmH3+eXJyevr+5M3pu1/Oz96/P//lzcL+E7+1yhB00fwIHG01"
    "yAuuNw5Fqi1uw2hQdyoroineHtMBiVVIREWRzUaV20bnrt2qIbXO6dHL9s1tvfVnDXmsSY"
    "9eNerXNTT0Nvf5DUyZ7EsrzEtR+0eoI2W0jIZk1veUI5gitmMjXaL6KL7jpe3dly10Qxf3"
    "GkKQOUQ08vq1aNIDbFk92ripN8UfZIpN8ddNo9Fttj7W0JQQ2Nb0aLd+91mMg5g/FqP5wx"
    "fEK6pLvqU0fb/8iyrHG/6L0uhXWY0af3RDBiMfw1c39T/+ETIaXbdbH/3iAcwvr9sXEazz"
    "G/JKa8A7EoOdj0nMYqfttNlGr3LZaUOdWS3N8y0cwkJ65ZCwcpD79VygBiQ0oh6iMY+CWM"
    "ONA/yB2cQc089kHlufpbkOLDQdGcRpjIi4bOPnxSY60l8FAsq5Sa5l63eX9atGJdZ4twBs"
    "yfi4KKqBDpsMabr7y04Zq6WDRxJnFXL/WMFahctlcCqWRNKEWUOBLcIUKWsnAs4S+CVw/1"
    "Ubzip6Np0JciYEDSw2eAQeSvxh2gtmKsnTeNvqE3irryvZqYD1VtFUGSmuoFx12beWuoWu"
    "r9FSFuaO4b+vkZsY+1FYsZ05Q2u+S/NdRzBVbXvVKpqy/bI9YFiyhHvAI9nzZdrqx2aXnJ"
    "WdJL+fKt/nHFOmGhfLSip654jZhlwU5a3xJPkt1PgRManHVuM2mTE5Ir+4zpM16Fovcq1r"
    "Om83C6PA9iwftnFBja+mSzVdWmRiLy9dGuFuNsS3lL79UYjjw6JmpUvNSvvRdAmUdCDQLp"
    "2P9oP6srLRUB4p52vkMIYsbItfYiXrMcWiTrlTRTObDQjnZIhMKoq79JGj/hxh9MzsR2In"
    "EdFb0tyjPfqwYKS49LgEzpqLGhvAd6CRKZqZ8sKEG+LjkWRZeBVhOkQPQ/G8BySHKinao0"
    "odDzybMwGRXUMEDybqLX7i3stzqQU0U/K81Dadmg68svizRwXMlGP5OlXQBU6iAgqhGN5G"
    "rFvdKegZOcSWmoAY8HSIjqUeuItkH/f3zascBLfrmsPXIPOSfr+e5678z8ilqs7kk+Cfs/"
    "+t7H+7ImnUU7X/CO4s5KevJrxFy0ryoMpGdS+E90dyV0RRlwxzglz5133jvnFVQ0q6Rzv3"
    "rZb0bLNdSqVn25XYmdXQUDb/D/XmNZQeYdPynlUA4lsOMPGq+u2u3UrbyC9Eort3c+Cg/0"
    "OWyY94PZcELYAR2rPHHN+iPm6RLgMKoo5vy9E6H/pBqY0q4HiIk53g7zBHmZ8ybhEX5fe3"
    "QXyzI6i3vd+G8S0Hkn5xDWQsu41cS+UhLgISGs4YD0TzAxqS0ZBGIe1jZzBJ5NbSV9FBmW"
    "2upYs7Ya1dOi8BJbbNEoiI9GCDhYCONsgfbaDd0tNHivK6pbuz4QtrPSypa70otZ5gvown"
    "OdPWy50sAfDAYTnNa0GRF2FasGlLm9cKY6HIa16TTXF/hp+CNdzsqC47bAhT8QKodX99fS"
    "jLj58iMMHyE8gemG75GQQKZTD8DFzusCnktLDHmJpc5kP5FT3MsE2oszCzeFohv4W4ghF3"
    "+9wcmhiymI+SzD5b05sYeBAYPyRGKwMM/MzbfuxA4FZ4zZtQILw8ggI6sGCfgQU6y/pus6"
    "zr7WI6+se5cdDbxR+x1rNsFzlJXhmuOFNhIVEGKm4PxyrMCbYNwmExZvJJLlo+SVTvJOOb"
    "cxty3LoJi4IrMjCn2EqzKi+kooOWEnvtiR8fwCvQu2pcNm/q16/enlVPIgdP+A38LNaGyX"
    "RmsTlJypyY2nhDMrrVJjjEj0bmgBgWW6bszjoIJ4jq0TjTaKz50R0Z8b2lf3+eD9qYnB4p"
    "4uAqgiQfsCEZDaqmnw9IPy87ueag10AbGw9TiOj48LAFaLMfRXOk6IYGxdwUf2Db7FPS5q"
    "bJxEsHedhHcm+H/xwjOvs9AuJYENqlIU02pgQrmt/I0k1oftqeLPYzji3CEZtB7L+A25n/"
    "ih6esOWSpYnLYhBaJC/KGCJxXeyXnTl6npiQjWtGaJIFbYua19nQyDeH2BRbhm/g2o8pLV"
    "JAfkeadvhUY+jFzSQUENOdWDPGxLwRV1vttNVub+Bqq52232irna717VjtgnNzjiE1IlY+"
    "xvjdWYZx9d1Z6rAKtyLMm82G7iChc6WjHBApH8K7OXhertMSIc4UOD3ed+D0rc34DFIMqO"
    "MJ80RP33bad7eNS3UWSEBPjzZaH+sf5eUGHeOxvPYFMop+gXSi1+27bg1dMxXkevgY6sXC"
    "PIfBdSGjza1B3BPMrdAAllub+LSeMr6HxVbN6eXCWEzJ0dVwaG+YFcCw1I+MnzaT7shMqs"
    "iHnDbSkJC25WnrszaUFmIw1YbS4zKUBuJgtKV0DbyhOadQ0VAt5pgj0/N8SzDmhO5XVxl1"
    "aLRkBuPOlHCOZd46maxOnqmC+8x1kJ86jo3kncDpKkmmnBfpgYx3cP6wlztP5phAY/OJcJ"
    "WeToiaM5NQB2EHTcVmUWoIfiacT4HgXE0wDvVoQHkNPTySuTQkqcaqcuRh7ynOBPt56Tgk"
    "t+PkSTR7y8/Lh4dD3qPiY/yEfHLge/BOjkFcVJF4yvNr/77K1ofhxgzMUiPkzgALjEbkuU"
    "cfvqpiCPpd1YMEmcO/HtAMmzbPfG7yAhEQAEZQngQDJqHQnQAHrs9PLub5yaU/SLZ+d9f8"
    "2IJkeerkKJlcr3HT/h0u2WTKnuBK44/bZudP40u9o7LukW8z054bcLqApIw6jdt2p2vIYk"
    "oQjMWGLFaUBHxinMnDqHrFt1N5h+1Ju7cDioGMpzmTZzlxyZcuMHdduam37uEsJbFEcLHV"
    "oxf3159rMqtsj15e15s3NTSwsDnt0Warftlt/t7s/lkTk5Z/3kqP3t81OsZV47rRhT4iE/"
    "6qBY7oYc0b6EGi/BR6jijbumqLMnTIhPZOow7HPav5ohi96YDZqYq5uE1CNkdyquACJgeX"
    "EBXT/FdipJZc/MVhXZf8c/PMn0WDdgVuO0n9qVYA/AWuAmFJfXpNcTwD4g4hXm8xHsksoZ"
    "4vmNjoYbqyoy1EIxXdF7K76maLK/ut3Yt2+zpUsRfNaDq9+5uLRufV24jpLp2B1u5Xpe5e"
    "2t/qh6hmnyjKWccBMT1LFrl+tXlbZ0k8FkgVF5jzzLyIlAZWn0d4gK2+sq/kPmE8JKax1S"
    "4Zh3TJCJkJ9+ORcazQRruuPvZxByC/5NhHnf4328iwNv1v0sJM47oO1/BatFC+RIEhI8GT"
    "KDygpPsRRYaxLG5EUBZh5fYzwBRNmDVEjMrjIYGGrSLuDiYIc9R+pjJlMrpkPzP4neRNtK"
    "m6ddHgYIKPRoHr+Ol9xk8f0mfi0KvnkAH9PIsB/TzdgH4eM6Dr0PTdxvd5lnGlK4bz2mMf"
    "F3L7N/8GjqXtu6blmJS/hucd4mTanRiFva/KaSkMSGkjoTYS/sDR+llyNGhjgybBirYly0"
    "CCpW/IonvgKYHHx6eQHFnM6gtFJUI9THXBXotPzJkxEQsIZs83RKzt6/uk1JUfN04cyJSw"
    "LdzulLoy4bZTpsR1+uxb44nIx8WpksDt6kquRBY0yKLkerKEIlkaPWMTagzChPoEzVzvVA"
    "TgOSAoyRvUfuKoQ4Yml0FSlFgJdMmGCiEKq74obitfcw7hTRz158hrp+hBXjcc9kjog4yl"
    "UlfEMk5oNa2H6kIHhE5NyFQWEj8guko8/2HxRmLd9/AafYE7OPDgoUl4Vb6qVIw8R00V2o"
    "UpAyon/p4QjyXfFY9F48kcSRV8GZDJffCVDpWCezpUagsBIOJe80Pzst5tQoKcYHxjj7a/"
    "tBqdu0/NW0NsjlsfIb5jOYcEjjnPS42cZmFGTtOJkdMYLzLDc4vhhJpKp0QCItoZfgPeQ+"
    "/EX1IVRdp5Z/LzC8zAeQjeiFiBQ+FeSPOenmQZy07Sx7KTWPrR4Momd5+KCmvv2SL3quhK"
    "ME9VR2V1TRe5pjV1qanLUlGXO2VIooxcEk2SwNqt4EqinGE2wiSQIcZLvyL9QsAnBHgJTI"
    "M5ZYJeInGq5OWqgCR5kC5VD8EzCAhV+WDm3CFTNMVDoo4tkM+oohGzEfnm5YShgZD9zDRF"
    "oC8F7MeBP1XD0QlfCs9iRKrvJWRGREWhOY3bRucO2Ax1KkyPXrZvbuutP2vIS8XVo1cNSH"
    "rhn0Ry+MQToQ6V3b1/KaPXBolxEwdM4LKvxq4zuBQkg0uGCt/nzLOdDC6a3XsJwHp3qmcg"
    "D1cdxbtlSCl5NuQclQvViJQGVkfx7v3oaZs8mczlL2i9SaK6CWsy8IDBvDredC/xpqGevw"
    "Wgyx0fmTROZog/9RcHGt81+EZWUVlCe3W89HbipQ9siPFdfFcZYgJuwFkMMTxQfL0hxhdD"
    "tgsHN4N1AxLyB3LbS5fPoA3FpGBV8Sa2BIPMVlSuC/eN8ObBaVNHAR8yCljbRApvE/nb9R"
    "Pt54ioDIrpkMocIZWSIFSHIxh45IAVACeF1qQzV6kK9F41DjccM2H0iZh1SF6gk0Q1xHGI"
    "dYrZdKiPM0g4wZgRC3PTtgzNDx8Lvpq81OTlcUCclbw8DE9xK3c1lQR2wrtTXcVJzJZlMu"
    "QbE1A5okgVMXkRW9YcPTP7Ebw4gUPA/pYqKbtYPuGcXpp+NiWIJ4Vz+QK3wt4YCQXCK54k"
    "Dd45nfl8PDVNsSFNoTNq7faQN+3glI7+ce4RsiQS0jvDstV6lp0hmeKkiMr0wXQhUL641Z"
    "PzsyyD6flZ+mAK9yIuLgKkXLPVQqB8AG8/uaZjOkn7lXR0FwLlQ3cn2TU1c7Qb5sjbOuTD"
    "NSyk6e30HJj9vMhG5TS4mo07IBu3bI9bgLfcjkKxrpvBBcsnbjbH9nKpqaTwhuacQnli3T"
    "LLHMwvZXB3JYnnDN6vrmQ7ZUkvf1c20jMcu770gPqJI6UNTkHwk0rW0POEVcU/2KkiZaWu"
    "IukPUJVR6+tC4zdVnxguD9yqegRXofLMdbjphczXb5vLUx0kAyuqYfizZYr3UoGPQumDep"
    "aXflA+UPy2CYKkWIhTPOMT5nA/uN9Lj4Zm2HYQE9vplxC6OjFgYUPqS58Y8GOn3urW0NjG"
    "1OnRTuP39udGDdnkiT0SL2a4075u3HkRw2AY4uBE9qHZahiL2+BQNhL9yFgU6tHb63uBeA"
    "3NLHdshtIMinfpNlsf74J5Bv1+36P1y8v2fasbKOWvNJZlwvHK0ZEmy85y+8kJHWyL7p5r"
    "476QKHITKRKNrwbnOMbp+R+XEhulfyzmSicJ2Z1kf5TzYB7YFwIadZ1zU0fl66h8HZV/rJ"
    "BquuwgdJkOqTvqkDoJewKB41dHOnHjh6hmcVJTLm1AlSA4DoZD5JrDAtzKryr9oNy2iVXX"
    "k4xtA+LiEvO++KmIlyQXtm2qXhc9pwzwOlBOe6CVd+u6Z6+UgiO8E7cUzPkzRGpOMJ/kQT"
    "omWErEzzMhfr4C8fN47OZYejcbbDQyB7mGjwRR7b6SyX1FswLp6B+nU2MWV1YvVecLaj0s"
    "qY8P0FTQEXTkLVNBapuWkwwKC2k6SNNBB6SDvMaoCaE1uIY7bW5KSJ/U+4ITZ4PHCW4IVi"
    "ugqqxw2QScFjYEqly9eKcH8QJUMmw7hY71Q7pXU7KLMPIsvCw8ZYjGNnNn4CkG8nCMLHZ8"
    "TzdwOuPK6wZBin4BCHJYEg+7iap1vKsEQ9OumnYtBFuy/VCqvmtajplwNMjK1GIBKZ1ZLE"
    "dmMU1MpTf08hJTmrLQe+uC7QGLe+KhMo133OTFaODuyuXoQJYzbDfjgjQd4PWBCno1uM/V"
    "4Exik2M5uBAo4XpwJybLpzd54FWly2eY3A20b3NB+1ZDmx3ak1zQnmhos0N7mgvaUw1tdm"
    "jPckF7pqHNDu15LmjPNbQroY1tvA6zPagT2xxMKglbA+/Oym0BXpbRO4Ky7AieiM3NtNON"
    "U3r7UkTvCrINp9CpciDsFS8hurvxWGTUIUncVXr8aEBkowjSoqG9jxDSg05m3/8fFCxexA"
    "=="
)
