"""Give each object role a folded name, unique within its account.

Where names of one account's roles fold alike, the built-in role, or else the
oldest, keeps its name. Each other one gets a free name such as "Co-owner (2)",
and the policy history records the rename with an empty actor.
"""

import json
from datetime import UTC, datetime

from tortoise import BaseDBAsyncClient

from models.ownership import fold_role_name
from steward.role_names import renamed_duplicates

RUN_IN_TRANSACTION = True

SELECT_ROLES = """
    SELECT "id", "account_id", "key", "name", "record_types" FROM "object_role"
    ORDER BY "account_id", "builtin" DESC, "id"
"""

UPDATE_ROLE = 'UPDATE "object_role" SET "name" = $1, "folded_name" = $2 WHERE "id" = $3'
INSERT_CHANGE = (
    'INSERT INTO "policy_change" ("account_id", "kind", "target", "before",'
    ' "after", "created_at") VALUES ($1, \'object_role\', $2, $3, $4, $5)'
)

ADD_COLUMN = """
        ALTER TABLE "object_role" ADD "folded_name" VARCHAR(300) NOT NULL DEFAULT '';"""
CREATE_INDEX = """
        ALTER TABLE "object_role" ALTER COLUMN "folded_name" DROP DEFAULT;
        CREATE UNIQUE INDEX "uid_object_role_account_3beb2f" ON "object_role" ("account_id", "folded_name");"""


async def upgrade(db: BaseDBAsyncClient | None) -> str:
    # aerich also calls upgrade(None) to read the SQL, without a database, when
    # it writes later migrations.
    if db is None:
        return ADD_COLUMN + CREATE_INDEX
    # The default fills the column of existing rows and goes at the end.
    await db.execute_query(ADD_COLUMN)
    await rename_duplicates(db)
    return CREATE_INDEX


async def rename_duplicates(db: BaseDBAsyncClient) -> None:
    """Fill in the folded names, renaming roles whose names fold alike."""
    rows = await db.execute_query_dict(SELECT_ROLES)
    by_account: dict[int, list[dict]] = {}
    for row in rows:
        by_account.setdefault(row["account_id"], []).append(row)
    for account_id, roles in by_account.items():
        new_names = renamed_duplicates((row["id"], row["name"]) for row in roles)
        for row in roles:
            name = new_names.get(row["id"], row["name"])
            await db.execute_query(UPDATE_ROLE, [name, fold_role_name(name), row["id"]])
            if row["id"] not in new_names:
                continue
            record_types = json.loads(row["record_types"])
            before = {"name": row["name"], "recordTypes": record_types}
            after = {"name": name, "recordTypes": record_types}
            target = f"object_role:{row['key']}"
            await db.execute_query(
                INSERT_CHANGE,
                [
                    account_id,
                    target,
                    json.dumps(before),
                    json.dumps(after),
                    datetime.now(UTC),
                ],
            )


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "uid_object_role_account_3beb2f";
        ALTER TABLE "object_role" DROP COLUMN "folded_name";"""


MODELS_STATE = (
    "eJztXWtz27a2/SsYf2k6o+Y4fqQ97p07I9tKqtaWfCS5aU/UoSEJknhMASpBWtGcm/9+sQ"
    "FS4lMirRfF4EsiE9ib5MKDwNoP/PdkwgbE4m+r/T5zqXNyhf57QvGEiB/Rogo6wdPpsgAu"
    "OLhnybo4UKnHHRv3QdcQW5yISwPC+7Y5dUxGoXIVOYRi6lwh8kLsOWLOmNjIZjPUIxajI4"
    "4chsgXocMShZQgT/tbUD9gfaHfpKONNbnU/NslhsNGBMSEvs9/icsmHZAvhPt/Tp+NoUms"
    "QQgacwAK5HXDmU/ltTp1PsiK8JA9o88sd0KXladzZ8zoorapwBoRSmzsEFDv2C6ARV3L8m"
    "D18VNPuqyiHjEgMyBD7FoAOUirB1heOzGMRrNjtGsdwziJNYcvEcDVu9RnFJpSPCqXbz+C"
    "R/jh7N3Fjxc/nb+/+ElUkY+5uPLjV3XrJTBKUMLT6Jx8leXYwaqGxHgJqvw/BuvNGNvJuP"
    "r1I8iKR44i6+O4Clr/whLbZe/dB7gT/MWwCB05Y0D09HQFlL9XWze/VFtvRK3v4ZZMDDc1"
    "DBte0ZkqA7yX+HLLHeXB16+/HXwP23VD6L7LhO67Fei+S0B3zGbiwS0iIDFcTmxumFTcwH"
    "LEzzjs14xZBNMU5NfpijRJTyjbVZ9fXNlBs6xohetm8w40Tzj/25IX6p1IazzeX9dEM8lG"
    "EpVMhwTnmWXL9G0CmBjYiTfDrShxzAlJboewZAT0gSf61v9xjLOOeMFBk1pzbzyuaJBO/b"
    "7W7lTvH0Ktclvt1KDkTF6dR66+eR8ZQQsl6FO98wuCP9G/m42ahJdxZ2TLOy7rdf59As+E"
    "XYcZVAwKPAhMHf5VH7Wv8L0ePgc+LnChh/vPM2wPjFDJsnuIxYH5YjrzpEHqiX74rUUsLM"
    "GN94PFMkmpOcJe8NXv9/7VZW8IwMS5OaITAjKbAbVQVFaoeq71bPyH9TYE6lqo+ZX1yopS"
    "n02mmG467G6UlrKCNCDY2hChW6GirPBQ5phDsy8R2BCmRkBVWeFivf+QvmPYYum5IVpNqa"
    "klFJUWK9fpsS8Gedn8i9eUqmovJf7ksZl4Jz42p8bY5A6zN53Wm76+X5S68uPGieMIddvC"
    "ra3UlRW3qXjLjaf8B6mktBAxy+zPjf4Y09Gm0/2D1HUjVZUVL8mzbAbTo1BRZni2sXIAjM"
    "q2bgCagZ2xNOIhXjQ5m0SvYIpH8pXg3nCnKK+QaJpZcg6rbDOBWmuNM01pJVESiA0RRtDy"
    "iFHxyyZ9Zg9+Rk/YeUImR7Mxoch00FjcXDTloIImeN4jCN4cWLFB3GKzffXrzTifg+YpdR"
    "PVK5d/KhsNdk7+ymXzuTZH34rZ559nZ+fnP56dnr//6fLixx8vfzpd2H/iRasMQdf1j8DR"
    "VoK84HrjUKTZ4jaMGnUnsiHq4ukx7ZNYg0RUFNlsdPJQa7WbjSuk1jldetO8f6g2/rxCHm"
    "vSpbe16t0VGnib+/wGpkz2pRXmpaj9IzSQMlpGQzLrR8oRfCK2YyNdovos3uO1/d2XLXRH"
    "F2U1IcgcIjp59U506T62rC6t3Vfr4g8ywab4675W69QbH6/QhBDY1nRpp9r+TcyDmD8Xo/"
    "vDG8QbqkO+pHR9v/6rGseb/ovS6VdZjWp/dEIGIx/DN/fVP74PGY3umo2PfvUA5jd3zesI"
    "1vkNeaU14B2Jwc7HJGax03babLNXuey0ocGslub5Fg5hIb1ySFg5yP16LlADEhpRD9GYR0"
    "Gs48YB/sBsYo7ob2QeW5+luQ4sNB0ZxGmMiLhs49liEx0ZrwIB5dwk17LV9k31tnYS67xb"
    "ALZkfFwU1cCATYY03f1lp4zV0sEjibMKuX+sYK3C9TI4FUsiacysgcAWYYqUtRMBZwn8Er"
    "j/qg1nBc1MZ4ycMUF9i/WfgYcSf5j2gplK8jTetvoE3urzSnYqYL1VNFVGiisoV1mOraVu"
    "oetztJaFuWP4z2vkJsa+FVZsZ87Qmu/SfNcRfKq2vWoVXdl+3R4wLFnCPeCR7PkybfVjX5"
    "ecjZ0kr5u80E0u1pVUDM8hsw25Ksrb5EnyW2jyI6JSj63FbTJlckp+dZsna9CtXuRW13ze"
    "blZGgf1ZPmzjghpfzZdqvrTIzF5evjRC3myIbymd+6MQx6dFTUuXmpb2w+kSOOlApF06Ie"
    "1H9WWlo6E+Ut7XyGEMWdgWv8RK1qOKRZtyp4KmNusTzskAmVRUd+kzR705wmjG7GdiJzHR"
    "W9LcpV36tKCkuHS5BNKaixbrw3ugoSm6mXLDhALx8kjSLLyCMB2gp4G43xOSU5UU7VKljg"
    "fuzZmAyL5CBPfH6im+497Dc6kFNFMyW2qbTEwHHln82aUCZsqxfJwK6AIvUQGFUAxPI9at"
    "7gT0DB1iS03ADHg6xMBSN9xFto/Hx/ptDobbdc3BW5B5zbhfT3Sf/M/QparN5J3gn4v/Pd"
    "n/dkXyqOdq/xHcWchXX814i56V5EKVjeteCO+P5T4RVV0yyAnyyb8ea4+12yukpLu09dho"
    "SNc226VUurbdip3ZFRrI7v+hWr+D2kNsWt69CsB8ywkm3lS/tpuNtI38QiS6ezf7Dvo/ZJ"
    "n8iNdzSdACGKE9e8zzLerkFhkyoCDq+bacrfOhH5TaqAGOhzjZCf4Oc5T9KeMWcVF/fxvE"
    "0x1Bve39NsxvOZD0q2sgY+lt5FoqD3ERkNBwxnggmh/QkIyGNAppDzv9cSK3lr6KDspscy"
    "1d3A/W2qXzElBi2yyBiEiPNlgI6HCD/OEG2i89faYor1+6Ox28stXDkrrVi9LqCebLeJYz"
    "bb3cyRIA9x2W07wWFHkVpgX7bGnzWmEsFHnNa7Ir7s/wU7COmx3V5YANYSoeADUe7+4OZf"
    "nxcwQmWH4C6QPTLT/9QKUMhp++yx02gaQW9ghTk8uEKD+jpym2CXUWZhZPKyS4EFcw4m6P"
    "mwMTQxrzYZLZZ2t6EyMPAvOHxGhlhIGfetsPHggUhde8CRXCyyOooCML9hlZoNOs7zbNut"
    "4upqN/nBsHvV38Fls9y3aRk+SV4YpDFRYSZaDi9nCuwpxg2yAcFmMmH+ei5ZNE9U4yvjm3"
    "Icmtm7AouCV9c4KtNKvyQio6aSmxt5748QG8Ar3b2k39vnr35t1F5Sxy8oTfwS9ifZhMph"
    "abk6TUiamdNySje22CQ/xwaPaJYbFlzu6sk3CCqJ6NM83Gmh/dkRHfW/r35vmgjcnpmSIO"
    "riJI8gEbktGgavr5gPTzcpBrDnoNtLH5MIWIjk8PW4A2+1k0R4puaFLMTfEHts0+JW1umk"
    "28dJCHfST3dvrPMaKz3zMgjgWhXRrSZGdKsKL5nSzdhObn7cliP+PYIhyxKcT+C7id+c/o"
    "6QVbLlmauCwGoUXyoowhEtfFftmZo9nYhHRcU0KTLGhb1LzOhka+OMSm2DJ8A9d+TGmRCv"
    "I90rTDqxoDL24moYL43Ik1Y0zMm3G11U5b7fYGrrbaafuNttrpVt+O1S74bc4xpUbEyscY"
    "v7/IMK++v0idVqEowrzZbOD2EwZXOsoBkfIhvJuT5+U6LRHiTIHTo30HTj/YjE8hxYA6nz"
    "BP9PRDq9l+qN2ow0ACerq01vhY/Sgv1+gIj+S1T5BS9BPkE71rtjtX6I6pINfDx1AvFuY5"
    "DK4LGW1uDeKeYG6FDrDc2sQ/6ynze1hs1Te9XBiLT3J0NRzaG2YFMCz1LeOnzaQ7MpMq8i"
    "GnjTQkpG152vqsDaWFmEy1ofS4DKWBOBhtKV0Db+ibU6hoqAZzzKHpeb4lGHNC5ZVVRh0a"
    "rZnBuDMhnGOZt04mq5OHquAecx3kp45jQ1kSOF4lyZTzKj2Q8Q4OIPZy58kcE2hkvhCu0t"
    "MJUXNqEuog7KCJ2CxKDcHXhAMqEBysCcahLg0ov0JPz2QuDUmqs6ocedi7izPGfl46Dsnt"
    "OHkR3d7y8/LhwYB3qXgZPyGfnPievKNjEBdNJO4ye+uXq2x9GAqmYJYaIncKWGA0JLMuff"
    "qsqiEYdxUPEmQO/npCU2zaPPPByQtEQAAYQXkUDJiEQiUBDlwfoFzMA5RLf5Jstd2uf2xA"
    "sjx1dJRMrle7b/4Ol2wyYS9wpfbHQ731p/Gp2lJZ98iXqWnPDThdQFJGrdpDs9UxZDUlCM"
    "ZiQ1YrSgI+Mc/kYVS96ttpvMOOpN3bAcVExtOcybMcueRLF5i7PrmvNh7hMCWxRHCx1aXX"
    "j3e/Xcmssl16c1et31+hvoXNSZfWG9WbTv33eufPK/HR8g9c6dLHdq1l3Nbuah0YIzLhr1"
    "rgiBFWv4cRJOpPYOSIuo3bpqhDB0xob9WqcN6z+l4UYzQdMDtVMRe3ScjmSE4VXMDk4BKi"
    "Ypr/SozUkou/OKzrkn9unvmzaNCuwG0nqT/VCoC/wlUgLKlPrymOZ0DcIcQbLcYzmSa08z"
    "UTGz1MVw60hWikoXtCdlfDbHFlv6173WzehRr2uh5Np/d4f11rvXkXMd2lM9Da/arUw0v7"
    "W30TzewTRTnbOCCmv5JFbl9t3tZZEo8FUsUF5jwzLyKlgdXnER5gq6/sK7mPGA+JaWy1S8"
    "YhXTJCZsL9eGQcK7TRoauPfdwByK859lGn/802M6xN/5u0MNO4rsM1vBYtlC9RYMpI8CQK"
    "TyjpfkSRaSyLGxHURVi5/fQxRWNmDRCj8nhIoGEriLv9McIcNWdUpkxGN+wHBr+TvIk2Vb"
    "cuGhxM8NFA6qG4BxkYicmWdWz1PmOrD+lPceiVdci4fpnFuH6Zbly/jBnXddj6bmP/gpNI"
    "DpgjYiVE+zwT2ucr0D5Pcg6SPgpKVwzutQdwLuT2b4gPHBDcc03LMSl/C/c7xBnBOzHPe2"
    "+V02YbkNLmWm2u/YbzJmTJlqHNPpqOLNrmOAMdmb41jrIREwK3j39CcuSTqy4UlQj1MOkI"
    "u14+NqfGWCwgmD3fELGmr+8Xpa78uHHiQM6KbeHWVurKhNtOOSvX6bEvtRcibxcnrQLFlZ"
    "WslaxokEXN9bQVRbI2mmETWgwCtnoETV3vfApgnCA8zJvUvuOoRQYml+FqlFgJxNWGCiEe"
    "rrqobiuvfw6BZhz15sjrp+hJXjcc9kzok4xqU1fEMk5oNa2nykIHBLGNyURWEj8gzk3c/2"
    "nxRGLd9/QWfYISHLjxwCS8Ih9VKkaey6wKssOUAakWf06IjJPPikei82SOaQs+DMjkPoJM"
    "B61BmQ5a20Iojiirf6jfVDt1SFUUjDTt0uanRq3V/qX+YIjNceMjRNosvyHegfOrQ3E6zd"
    "9qjbbRqv0ufohSOYK5YZMX8eNVwWzn2ViVFaRKLEUYnlsMJ7RyOp0SENEhDRtwJnoX/5qm"
    "KNKuPZO3ZuDrnYcjjogVOKDxtRTxWZa57Cx9LjuLJZENropyj6mosPaBLvKoiq4i8zR1VF"
    "a3dJFbWtOemvYsFe25U3YlyuYlUSwJjN8KniXKN2YjWwJ5frwkOtK7Bzx7gNPANJgZKOjr"
    "E6dZXq8KCJYn6Rj3FDxJglCV1WfOHTJBEzwg6vAJeY8KGjIbkS9eZh8aSLwg9XWA9fDYQY"
    "7G+AUyFIEMDBL0TOYo0Kkg1RCohh12DwNOPdLH4vER7lLI+OC/2Mw2HTgbg0pKRaY58rIG"
    "eVTOQgWaMdcaCDnSf0ZDU9xe3JN3qRSBFEVNih7UFNz+150QZZyo2lxsQNmzl6ZpjC2FJX"
    "zgAFeMAs/TpeLKu9PTyunpKZLH4KA3PUL7439AJW/3+3Y6//4tUngMiS2KyUARQmKGmKvN"
    "MEfYBm3UmiPOhs4P3ua4gtoOge6O1AUOIHrDysvcFG7WmemMu9TrguAkJjbrQLZ5mWXQG6"
    "70/SPgzcblE2blpQITYMBhIPCnGu0611LhaatI872GvYqoKDSJ9VBrtYG+UgcydelN8/6h"
    "2vjzCnlZ8Lr0tgb5ZvxDgA6f8yU0oLJH1ixl9IIuMWTpgLmT9tXZdfKkgiRPytDg+/zybC"
    "d5kqZkXwOwphT0F8jDVQfQbxlSSmaG/EblQjUipYHVAfR7P/XdJi8mc/krem+SqO7CmsF9"
    "JYPrP0BWCrfRRLBzaDZ0tPemKK8J905BOjT+t4B1eQKUE0FOmi6zwOwvEjTC6xCOLKeygK"
    "uTFmSchlOyFgRgPbAlzffvXmVJC/iAZ7Gk8UD19ZY0XwzZLpyfDuYpaSdaHjEhDSZBa4lJ"
    "wX7ifeMSLGpbUbku6j7CoQe/nzrg/pAB99o+Unj7yN+uf95FjnDaoJiOp80RTyvJQmVJNv"
    "DQAYsAToqrSmexUhXofWscbjjtxegR8JnIC3SSqIZ4dY/mpjeD57FnJCrQjpJFtmro7N7p"
    "w+s4swIkNHssrlXbsrR94Fjw1eT1QZLAauZ6Z3lKD8NNPcid7EkCI+WVVFbxUNNlnQypHg"
    "VUjqhSQUxexJY1RzNmP4PrNfBG2N9GJyV2zCec00vXT58GAeSR5I5hb5yECuEVT5IG74jk"
    "fD6+mprakJrSCQt3e76mdnBLR/849whZMofpnWHZWj3LzpBMcFIYdPpkuhAoX7D52eVFls"
    "n08iJ9MoWyiIuTACnX12ohUD6At5+72DGdpP1KOroLgfKhu5PkxZo52g1z5G0d8uEaFtIm"
    "jfSkt728yEblNLiajTsgG7fsj1uAtzzuYUnQxoZuhoNtfOJmc2xvlppKCm/om1Ook20emG"
    "X25zcyz8BJEs8ZLK+sZDtlTS9lQTbSM5xwYun19h1HShscQONnkb1CszGriH+wA9kdwDOh"
    "gqQPSEWmmliXz2JT9Yk5LoBbVbfgKr8Fcx1uenkuqg/15YE6koEVzTD4wTLFc6nAV6H0Sd"
    "3Lyzcqb/gEuRwQZLJDnOIpHzOH+xk5vHyIaIptB0G2h9cQujoTaGFTKpQ+E+jHVrXRuUIj"
    "G1OnS1XKziukUnV6MeOt5l2t7UWMy/Qi4Dj4od6oGYticCIcinFkLCp16cPdo0D8Ck0td2"
    "SG8oqKZ+nUGx/bwcSi/rjv0urNTfOx0QnU8lcayzrRePXm9a+1m473KAEb1uqod/X4tXan"
    "2VoU2gQyrRQlS6mDbTGF5CIDFhJF7nZFMg2oCT+OcXoi2KXERnlgi7l6SkJ2J2lg5bc1D+"
    "wLAY26Tr6rfSJ1pged6eFYIdUU3EEoOB2cmQ3VtSdKH4YckrAnkEJ+c6STQX64cxbHN+Um"
    "B/QLgjOlVC5PFuBrflZ5SOVWUKy6Xoif7fMG8574qcicJLe4bapeF4WpjPo64FJ7tZV367"
    "pnT5eCI7wTVxfM+QwifseYj/MgHRMsJeKXmRC/XIH4ZTwGeCQ9pg02HJpJ8XvpmCeIapeY"
    "TC4xmhVIR/84HSWzuMd6RPgrWj0sqcNji0wFeaevvWDLHBgppOvq1k7WoFu9yK2uCcDdEI"
    "Bqc56TAgwLaRJQk4AHJAG9zqhpwDW4hgdtbiJQH/L+isPKgyfRbghWI6CqrHDZBNxfNgSq"
    "XKN4p2e4A1QyAUAKCe8nB1hNxC8SEmRh4+EuAzSymTsFn0N1tpQzxo7vMwnui1z5byE47A"
    "NO53JYEvu+iap1bLsEQ5PtmmwvBEe2/aC8nmtajplwyNDKxIQBKZ2XMEdeQk1Hpnf08tKR"
    "mrLQe+uC7QGLe+CtcohoucmL0UDpyuVoX9YzbDfjgjQd4PUhL3o1uM/V4FRik2M5uBAo4X"
    "pwJ4bql9M88Kra5TNH7wbad7mgfaehzQ7tWS5ozzS02aE9zwXtuYY2O7QXuaC90NBmh/Yy"
    "F7SXGtqV0MY2XofZHlSJbfbHJwlbA69k5bYAL+voHUFZdgQvxOZm2jnpKaN9KaJ3BdmmUx"
    "hUORD2qpcQ3d34qTLqkCTuKj1qOCCyUdxw0dDeR+DwQT9mX/8f5+vyww=="
)
