from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        -- SQLite cannot drop a foreign key, so the table is copied without them.
        CREATE TABLE "ownership_history_new" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "record_type" VARCHAR(20) NOT NULL /* PERSON: person\nCOMPANY: company\nDEAL: deal */,
    "record_id" INT NOT NULL,
    "reason" VARCHAR(20) NOT NULL /* MANUAL: manual\nBULK: bulk\nCLAIM: claim\nINACTIVITY: inactivity\nUSER_DELETED: user_deleted\nIMPORT: import\nUNDO: undo\nCREATE: create */,
    "batch_id" CHAR(36) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "account_id" INT NOT NULL,
    "actor_id" INT,
    "new_user_id" INT,
    "object_role_id" INT NOT NULL,
    "previous_user_id" INT
) /* One change of the user holding an object role on a record. */;
        INSERT INTO "ownership_history_new" SELECT "id", "record_type", "record_id", "reason", "batch_id", "created_at", "account_id", "actor_id", "new_user_id", "object_role_id", "previous_user_id" FROM "ownership_history";
        DROP TABLE "ownership_history";
        ALTER TABLE "ownership_history_new" RENAME TO "ownership_history";
        CREATE INDEX "idx_ownership_h_batch_i_2e261a" ON "ownership_history" ("batch_id");
        CREATE INDEX "idx_ownership_h_account_73b9f2" ON "ownership_history" ("account_id", "record_type", "record_id", "created_at");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE "ownership_history_old" (
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
        INSERT INTO "ownership_history_old" SELECT "id", "record_type", "record_id", "reason", "batch_id", "created_at", "account_id", "actor_id", "new_user_id", "object_role_id", "previous_user_id" FROM "ownership_history";
        DROP TABLE "ownership_history";
        ALTER TABLE "ownership_history_old" RENAME TO "ownership_history";
        CREATE INDEX "idx_ownership_h_batch_i_2e261a" ON "ownership_history" ("batch_id");
        CREATE INDEX "idx_ownership_h_account_73b9f2" ON "ownership_history" ("account_id", "record_type", "record_id", "created_at");"""


MODELS_STATE = (
    "eJztXWtz27a2/SsYf2k6o/o4fiQ97p07I9tKqsaWfGS5aU/UoSEJknhMASpBWtGcm/9+sQ"
    "FS4lMirRfF4Etikdgb5MKDwNoP/PdozPrE4sfVXo+51Dm6RP89onhMxB/RWxV0hCeTxQ24"
    "4OCuJcviQKEud2zcA10DbHEiLvUJ79nmxDEZhcJV5BCKqXOJyAuxZ4g5I2Ijm01Rl1iMDj"
    "lyGCJfhQ5L3KQEedqPQX2f9YR+kw7X1uRS82+XGA4bEhAT+r78JS6btE++Eu7/nDwbA5NY"
    "/RA0Zh8UyOuGM5vIa3XqfJAF4SG7Ro9Z7pguCk9mzojReWlTgTUklNjYIaDesV0Ai7qW5c"
    "Hq46eedFFEPWJApk8G2LUAcpBWD7C4dmQYjWbbeKi1DeMo1hy+RABX71KPUWhK8ahcvv0Q"
    "HuGn07fn789/Pnt3/rMoIh9zfuX9N1X1AhglKOFptI++yfvYwaqExHgBqvw/Buv1CNvJuP"
    "rlI8iKR44i6+O4DFr/wgLbRe/dBbhj/NWwCB06I0D05GQJlL9XW9e/VltvRKkfoUomhpsa"
    "hg3v1qm6B3gv8OWWO8yDr19+M/jut+uG0H2bCd23S9B9m4DuiE3Fg1tEQGK4nNjcMKmowH"
    "LEn3HYrxizCKYpyK/SFWmSrlC2rT4/v7KFZlnSClfN5i1oHnP+tyUv1NuR1ni8u6qJZpKN"
    "JAqZDgnOM4uW6dkEMDGwE2+GG3HHMcckuR3CkhHQ+57osf/HIc464gX7TWrNvPG4pEHa9b"
    "vaQ7t6dx9qlZtquwZ3TuXVWeTqm3eRETRXgj7X278i+In+3WzUJLyMO0Nb1rgo1/73ETwT"
    "dh1mUDEocD8wdfhXfdS+wfd68Bz4uMCFLu49T7HdN0J3Ft1DLA7MF9OZJQ1ST/TDpxaxsA"
    "Q33g/myySl5gB7wTe/3/tXF70hABPn5pCOCcisB9RcUVmh6rrWs/Ef1l0TqCuh5jfWLStK"
    "PTaeYLrusLtWWsoKUp9ga02EboSKssJDmWMOzJ5EYE2YGgFVZYWLdf9Deo5hi6Xnmmg1pa"
    "aWUFRarFyny74a5GX9L15Tqqq9lPiTx6binfjInBgjkzvMXndab/r6flXqyo8bJ44j1G0K"
    "twelrqy4TcRbrj3l30slpYWIWWZvZvRGmA7Xne7vpa5rqaqseEmeZT2YHoWKMsOziZUDYF"
    "S2dQPQDOyUpREP8Vvj03H0CqZ4KF8J6oaaorxComlmwTkss80ESq00zjSllURJIDZAGEHL"
    "I0bFXzbpMbv/C3rCzhMyOZqOCEWmg0aictGU/Qoa41mXIHhzYMX6cYvN5tWvNuN8CZqnVC"
    "WqVy5+KhsNdo7+ymXzuTKH34vZ55+np2dn709Pzt79fHH+/v3Fzydz+0/81jJD0FX9I3C0"
    "lSAvuNo4FGm2uA2jRt2xbIi6eHpMeyTWIBEVRTYbHd3XWg/NxiVS65wOvW7e3Vcbf14ijz"
    "Xp0Jta9fYS9b3NfX4DUyb70hLzUtT+ERpIGS2jIZnVI+UAPhGbsZEuUH0W7/Ha/u7LFrqj"
    "i3s1IcgcIjp59VZ06R62rA6t3VXr4gcZY1P8uqvV2vXGx0s0JgS2NR3arj58EvMg5s/F6P"
    "7wBvGGapOvKV3fL/+qxvGm/6J0+mVWo9of7ZDByMfwzV31jx9DRqPbZuOjXzyA+fVt8yqC"
    "dX5DXmkNeAdisPMxiVnstJ022+xVLjttaDCrpXm+hUNYSK8cElYOcr+eC9SAhEbUQzTmUR"
    "DruHGAPzCbmEP6icxi67M014G5pgODOI0REZdtPJ1voiPjVSCgnJvkWrb6cF29qR3FOu8G"
    "gC0ZHxdFNTBgkyFNd3/ZKmO1cPBI4qxC7h9LWKtwuQxOxZJIGjGrL7BFmCJl7UTAWQK/BO"
    "6/asNZQVPTGSFnRFDPYr1n4KHED9OeM1NJnsabVp/AW31Zyk4FrLeKpspIcQXlKouxtdAt"
    "dH2JlrIwdwz/eY3cxNj3woptzRla812a7zqAT9WmV62iK9uv2wOGJUu4BzyQPV+mrX7s65"
    "KzsZPkdZMXusnFupKK4TlgtiFXRXmbPEl+A01+QFTqobW4TSZMTsmvbvNkDbrVi9zqms/b"
    "zsoosD/Lh21cUOOr+VLNlxaZ2cvLl0bImzXxLaVzfxTi+LSoaelS09J+OF0CJx2ItEsnpP"
    "2ovqx0NJRHyvsaOYwhC9viL7GS9ahi0abcqaCJzXqEc9JHJhXFXfrMUXeGMJoy+5nYSUz0"
    "hjR3aIc+zSkpLl0ugbTmosV68B5oYIpuptww4YZ4eSRpFl5BmPbRU1/U94TkVCVFO1Sp44"
    "G6ORMQ2ZeI4N5IPcUP3Ht4LrWAZkqmC23jsenAI4ufHSpgphzLx6mALvASFVAIxfA0Yt3q"
    "jkHPwCG21ATMgKdDDCxV4TayfTw+1m9yMNyua/aPQeY143410X30PwOXqjaTNcE/5/97tP"
    "vtiuRRz9T+I7izkK++nPEWPSvJhSob1z0X3h3LfSSKuqSfE+Sjfz3WHms3l0hJd2jrsdGQ"
    "rm22S6l0bbsRO7NL1Jfd/0O1fgulB9i0vLoKwHzLCSbeVL89NBtpG/m5SHT3bvYc9H/IMv"
    "kBr+eSoAUwQnv2mOdb1MktMmRAQdTzbTFb50M/KLVWAxwOcbIV/B3mKPtTxi3ivPzuNogn"
    "W4J60/ttmN9yIOkX10DG0tvItVQe4iIgoeGM8UA0P6AhGQ1pFNIudnqjRG4tfRUdlNnkWr"
    "q4H6yVS+cFoMS2WQIRkR5tMBfQ4Qb5ww20X3r6TFFev3R30n9lq4cldasXpdUTzJfxLGfa"
    "ermVJQDuOSyneS0o8ipMC/bZ0ua1wlgo8prXZFfcneGnYB03O6qLARvCVDwAajze3u7L8u"
    "PnCEyw/ATSB6ZbfnqBQhkMPz2XO2wMSS3sIaYmlwlRfkFPE2wT6szNLJ5WSHAhrmDE3S43"
    "+yaGNOaDJLPPxvQmRh4E5g+J0dIIAz/1th88ELgVXvMmFAgvj6CAjizYZWSBTrO+3TTrer"
    "uYjv5hbhz0dvF7bPUs20VOkleGSw5VmEuUgYrbwbkKM4Jtg3BYjJl8lIuWTxLVO8n45tyG"
    "JLduwqLghvTMMbbSrMpzqeikpcSOPfHDA3gJeje16/pd9fbN2/PKaeTkCb+Dn8f6MBlPLD"
    "YjSakTUztvSEb32gSH+MHA7BHDYouc3Vkn4QRRPRtnmo01P7olI7639O/O8kEbk9MzRRxc"
    "RZDkAzYko0HV9PMe6efFINcc9ApoY/NhChEdnx42AG32s2gOFN3QpJib4g9sm31K2lw3m3"
    "jpIA/7SO7s9J9DRGe3Z0AcCkLbNKTJzpRgRfM7WboJzc/bk8V+xrFFOGITiP0XcDuzX9DT"
    "C7ZcsjBxWQxCi+RFGUMkrov9sjND05EJ6bgmhCZZ0DaoeZUNjXx1iE2xZfgGrt2Y0iIF5H"
    "ukaYdXNfpe3ExCAfG5E2vGmJg342qrnbba7QxcbbXT9htttdOtvhmrXfDbnGNKjYiVjzF+"
    "d55hXn13njqtwq0I82azvttLGFzpKAdEyofwdk6el+u0RIgzBU4Pdx04fW8zPoEUA+p8wj"
    "zR0/et5sN97VodBhLQ06G1xsfqR3m5Rod4KK99hpSinyGf6G3zoX2JbpkKct1/DPV8YZ7D"
    "4DqX0ebWIO4J5lboAIutTfyznjK/h8WWfdPLhbH4JEdXw6G9YVYAw1LfM37aTLolM6kiH3"
    "LaSENC2panrc/aUFqIyVQbSg/LUBqIg9GW0hXwhr45hYqGajDHHJie51uCMSd0v7LMqEOj"
    "JTMYd8aEcyzz1slkdfJQFdxlroP81HFsIO8EjldJMuW8Sg9kvIMDiL3ceTLHBBqaL4Sr9H"
    "RC1JyYhDoIO2gsNotSQ/A14YAKBAdrgnGoQwPKL9HTM5lJQ5LqrCpHHvZqcUbYz0vHIbkd"
    "Jy+i21t+Xj7c7/MOFS/jJ+STE9+Td3QM4qKJRC3TY/++ytaH4cYEzFID5E4AC4wGZNqhT1"
    "9UMQTjruJBgsz+X09ogk2bZz44eY4ICAAjKI+CAZNQ6E6AA9cHKBfzAOXSnyRbfXiof2xA"
    "sjx1dJRMrle7a/4Ol2wyZi9wpfbHfb31p/G52lJZ98jXiWnPDDhdQFJGrdp9s9U2ZDElCM"
    "ZiQxYrSgI+Mc/kYVS94ptpvP2OpO3bAcVExtOcybMcueRLF5i7PrqrNh7hMCWxRHCx1aFX"
    "j7efLmVW2Q69vq3W7y5Rz8LmuEPrjep1u/57vf3npfho+QeudOjjQ61l3NRua20YIzLhr1"
    "rgiBFWv4MRJMqPYeSIso2bpihD+0xob9WqcN6z+l4UYzTtMTtVMRe3ScjmSE4VXMDk4BKi"
    "Ypr/SozUkou/OKyrkn+un/mzaNAuwW0rqT/VCoC/wlUgLKlPrymOZ0DcIcQbLcYzmSS08x"
    "UTGz1Mlw60uWikobtCdlvDbH5lt6171Wzehhr2qh5Np/d4d1VrvXkbMd2lM9Da/arUw0v7"
    "W30XzewTRTnbOCCmv5JFbl9t3tZZEg8FUsUF5jwzLyKlgdXnEe5hq6/sK7mPGA+JaWy1S8"
    "Y+XTJCZsLdeGQcKrTRoauPfdwCyK859lGn/802M6xM/5u0MNO4rsI1vBYtlC9RYMpI8CQK"
    "TyjpfkSRaSyLGxGURVi5/fQwRSNm9RGj8nhIoGEriLu9EcIcNadUpkxG1+wnBn8neROtq2"
    "5VNDiY4KNR4Dp+epfx0/v0mdj36jlkQL/IYkC/SDegX8QM6Do0fbvxfZ5lXOmK4bzy2Me5"
    "3O7Nv4FjabuuaTkm5cdQ3z5Opt2KUdh7q5yWwoCUNhJqI+F3HK2fJUeDNjZoEqxoW7IMJF"
    "j6hiy6Bx4TqD7+CcmRxaw6V1Qi1MNUF+y1+MicGCOxgGD2bE3Emr6+X5W68uPGiQOZEjaF"
    "24NSVybctsqUuE6Xfa29EFldnCoJ3K4s5UpkQYPMS64mSyiSpdEUm9BiECbUJWjieqciAM"
    "8BQUnepPYDRy3SN7kMkqLESqBL1lQIUVjVeXFb+ZpzCG/iqDtDXj9FT/K64bBnQp9kLJW6"
    "IpZxQqtpPVXmOiB0akTGspD4A6KrRP1P8ycS676nY/QZ7uBAxX2T8Ip8VKkYeY6aKrQLUw"
    "ZUTvw5IR5LPiseis6TOZIq+DAgk/vgKx0qBfd0qNQGAkDEvfqH+nW1XYcEOcH4xg5tfm7U"
    "Wg+/1u8NsTlufIT4jsU3xDvmfFkASHS6yEKbnGVhTc7SSZOzGGcywTOL4YRWTKdLAiLaUX"
    "4NTkTv0l/TFEXalWfyAQx8nfOQvxGxAofJvZICPjvNMpedps9lp7HUpMFVT+4xFRXWnrVF"
    "HlXRVWKepo7K6pYucktrWlPTmqWiNbfKnkTZuiQKJYHRW8KjRPnEbGRKIHuMl5pF+oyAvw"
    "hwFpgG880EPUjiNMrrVQGB8iTdrZ6C5xMQqnLFzLhDxmiM+0QdaSDrqKABsxH56uWLoYFw"
    "fqmvDayGx/5xNMIvkPcGZGCQoGcyQ4FOBQlsQDXsoLuYk2NUlekDvLo6dGqbDpy0QCVVIp"
    "Pm+I40Hkczl0VT5lp9IUl6z2hginpFZVyJsOllh4pnvVdz78O/blUenbF4LPiLoj4THz2i"
    "NMI3DaCEygHBtycnlZOTE0nWdOibLqG90T/gMb1t7PFk9uMxavt0jk0Gok6HqV+yHjElzN"
    "TuliNsA2zWrEM5Gzg/ebvdCnpwCPRvpC5wQM0bR14CoHA7Tk1nhLwu16E9TMXuG9gzL0EJ"
    "esOVvn8EnKL44kklsOJpHPysWtfsczSw2bhDA8YEWbF6bPke5Kuo0G80mUtINCTlWJrmMz"
    "NYgak04FoQ+KnmDZ0LqPAEV6T5XsNzRVQUmu66r7UegOhSBwZ16HXz7r7a+PMSeVnaOvSm"
    "BvlQ/ENq9p+TJDSgskd+LGT00jAxpGaPuX121dl1cp+CJPfJ0OC7/PJsJrmPJndfA7AmJ/"
    "QXyMNVB3hvGFJKpob8RuVCNSKlgdUB3js/ldwmLyZz+St6b5Ko7sKaC34lF+w/QFYyuNFE"
    "sHNoNnQ08roorwhHTkE6NP43gHV5AmgTQU6aLrPA7C8SNMKrEI4sp7KAq4PqM07DKVH1AV"
    "j3bJPzPcGX2eQC3uJZbHI8UHy1Tc4XQ7YL53uDoUtanhZHIEiDSNAMY1IwzHjfuATb3EZU"
    "rooKj3Dowe+nDhbfZ7C4to8U3j7yt+ufx5Aj8DYopiNvc0TeSrJQmagNPHDAIoCTIrDSWa"
    "xUBXrfGocbTiMxugS8L/ICnSSqIY5DrDMRp0N9mLHkCYaNWDSktmtorvhQ8NVE5l4SVmoW"
    "c2s5FffDU9zLXc1RAjvh3aks4yQmizIZ0tIJqBxRpIKYvIgta4amzH4Gd1TgELC/pUpKQp"
    "dPOKfHpp90C8KO4fjGwK2wZ0ZCgfCKJ0mDd5xrPn9PTVOsSVPoxGvbPQtQOzulo3+Ye4Qs"
    "+ab0zrBsrZ5lZ0jGOCm4Nn0ynQuUL4T59OI8y2R6cZ4+mcK9iLuLACnX12ouUD6AN5+D1T"
    "GdpP1KOrpzgfKhu5UkrJo52g5z5G0d8uEaFtL0dnqq1G5eZKNyGlzNxu2RjVv0xw3AWx5X"
    "oSRoY0M3wyEcPnGzPrbXC00lhTf0zSnUKRz3zDJ7s2sZ1H6UxHMG71eWsp2ypBcfn430DK"
    "cxWHhA/cCR0gaHZfi5Ry/RdMQq4h/sVJCyUleQ9AeoyAQGq7IkrKs+MXMCcKuqCq6yJjDX"
    "4aaXPaF6X18c/iEZWNEM/Z8sUzyXCoIUSp9UXV6WSlnhk0wYAPnREKd4wkfM4X6eBy+LHp"
    "pg25E5BV5D6Or8kYUNry99/siPrWqjfYmGNqZOh7Zqvzc/1S6RTV7YM/Hih1vN29qDFz0s"
    "c1iAE9mHeqNmzG+DQ9lAjCNjXqhD728fBeKXaGK5QzOUjVI8S7ve+PgQTEfpj/sOrV5fNx"
    "8b7UApf6WxKBONXW5e/Va7bnuPEjH77T+DpYNtMRHk2tLPJYrceYpE8KtpO45xepLQhcRa"
    "OUKLuQZKQnYrKULlFzIP7HMBjbpOzKpj93Xsvo7dP1RINZG2FyJNh9tlQ3XlGbb7oXgk7A"
    "nUjt8c6ZSOH8CaxX1NObsBiYIgl6DK88gCrMsvKkel3NCJVdcL8ZMKXmPeFX8qSibJuW2T"
    "qlfF1SnTvA6h075p5d267thfpeAIb8VhBXM+hRjOEeajPEjHBEuJ+EUmxC+WIH4Rj+ocSr"
    "9ngw0GZi/X9JEgqh1bMjm2aFYgHf3DdHfM4uTqJfR8RauHJfUZE0WmguQxO9x4wZbZN1JI"
    "1+WtnaxBt3qRW10TgNshANXmPCcFGBbSJKAmAfdIAnqdUdOAK3AND9rcRKA+4PsVB1UHTy"
    "FdE6xGQFVZ4bIJOLGsCVS5RvFWz+8GqGQYfwoJ74f4Lyfi5/5FWdh4qKWPhjZzJ+A5GDjP"
    "x/N8BCdErrywkDrLR9xnSez7OqpWse0SDE22a7K9EBzZ5kPruq5pOWbCsTFLU80FpHSmuR"
    "yZ5jQdmd7Ry0tHaspC760Ltgcs7mGoyiGi5SYvRgN3ly5He7KcYbsZF6TpAK8OXNGrwV2u"
    "BicSmxzLwblACdeDWzFUv5zkgVeVLp85ejvQvs0F7VsNbXZoT3NBe6qhzQ7tWS5ozzS02a"
    "E9zwXtuYY2O7QXuaC90NAuhTa28drP9qBKbLM3OkrYGnh3lm4L8KKM3hGUZUfwQmxupp18"
    "nTLaFyJ6V5BtOoVBlQNhr3gJ0d2OnyqjDknirtKjhgMia8UNFw3tXQQO7/Vj9u3/AT+w0K"
    "o="
)
