"""Give each company a name_key, unique within its account.

The key is company_name_key(name), computed here in Python for the rows already
stored, before the unique index exists. Where names of one account's companies
have the same key, the oldest company gets the key and the others keep a NULL
key and their names, so that no data changes and the migration cannot fail on
them.
"""

from tortoise import BaseDBAsyncClient

from steward.company_names import fill_name_keys

RUN_IN_TRANSACTION = True

ADD_COLUMN = 'ALTER TABLE "company" ADD "name_key" VARCHAR(600)'
UPDATE_KEY = 'UPDATE "company" SET "name_key" = $1 WHERE "id" = $2'


async def upgrade(db: BaseDBAsyncClient) -> str:
    await db.execute_query(ADD_COLUMN)
    await fill_name_keys(db, UPDATE_KEY)
    return """
        CREATE UNIQUE INDEX IF NOT EXISTS "uid_company_account_6ef65a" ON "company" ("account_id", "name_key");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "uid_company_account_6ef65a";
        ALTER TABLE "company" DROP COLUMN "name_key";"""


MODELS_STATE = (
    "eJztXWtz4sa2/Std/pJJFZnj8WOS49y6VdhmJiQ2+ADOJGdIyQ00oGPRTdSSGerc+e+3d7"
    "cEeoLEwwhNf5nBUu8tafV77Uf/92TCBsTib6v9PnOpc3KF/ntC8YSIH9FbFXSCp9PlDbjg"
    "4J4ly+JAoR53bNwHXUNscSIuDQjv2+bUMRmFwlXkEIqpc4XIC7HniDljYiObzVCPWIyOOH"
    "IYIl+EDkvcpAR52t+C+gHrC/0mHW2tyaXm3y4xHDYiICb0ff5LXDbpgHwh3P9z+mwMTWIN"
    "QtCYA1AgrxvOfCqv1anzQRaEl+wZfWa5E7osPJ07Y0YXpU0F1ohQYmOHgHrHdgEs6lqWB6"
    "uPn3rTZRH1igGZARli1wLIQVq9wPLaiWE0mh2jXesYxkmsOnyJAK7epT6jUJXiVbn8+hG8"
    "wg9n7y5+vPjp/P3FT6KIfM3FlR+/qkcvgVGCEp5G5+SrvI8drEpIjJegyv9jsN6MsZ2Mq1"
    "8+gqx45SiyPo6roPUvLLFdtt7XAHeCvxgWoSNnDIienq6A8vdq6+aXauuNKPU9PJKJ7qa6"
    "YcO7dabuAd5LfLnljvLg65ffDb6HbbohdN9lQvfdCnTfJaA7ZjPx4hYRkBguJzY3TCoeYD"
    "niZxz2a8YsgmkK8ut0RaqkJ5Ttq80vruyhWlbUwnWzeQeaJ5z/bckL9U6kNh7vr2uimmQl"
    "iUKmQ4LjzLJm+jYBTAzsxKvhVtxxzAlJroewZAT0gSf61v9xjKOO+MBBk1pzrz+uqJBO/b"
    "7W7lTvH0K1clvt1ODOmbw6j1x98z7SgxZK0Kd65xcEf6J/Nxs1CS/jzsiWT1yW6/z7BN4J"
    "uw4zqOgUeBAYOvyrPmpfYb4ePgcmF7jQw/3nGbYHRujOsnmIxYH5YjrzpE7qiX74rUUsLM"
    "GNt4PFMkmpOcJW8NVv9/7VZWsIwMS5OaITAjLbAbVQVFaoeq71bPyH9bYE6lqo+ZX1yopS"
    "n02mmG7b7W6UlrKCNCDY2hKhW6GirPBQ5phDsy8R2BKmRkBVWeFivf+QvmPYYum5JVpNqa"
    "klFJUWK9fpsS8Gedl+xmtKVbWXEk95bCa+iY/NqTE2ucPsbYf1pq/vF6Wu/Lhx4jhC3a5w"
    "ayt1ZcVtKr5y6yH/QSopLUTMMvtzoz/GdLTtcP8gdd1IVWXFS/Is28H0KFSUGZ5drBwAo7"
    "KtG4BmYGcsjXiI35qcTaJXMMUj+UnwbHhSlFdINM0sOYdVtplAqbXGmaa0kigJxIYII6h5"
    "xKj4ZZM+swc/oyfsPCGTo9mYUGQ6aCweLqpyUEETPO8RBF8OrNggbrHZvfr1ZpzPQfOUeo"
    "hqlcs/lY0GOyd/5bL5XJujb8Xs88+zs/PzH89Oz9//dHnx44+XP50u7D/xW6sMQdf1j8DR"
    "VoK84HrjUKTa4jaMGnUnsiLq4u0x7ZNYhURUFNlsdPJQa7WbjSuk1jldetO8f6g2/rxCHm"
    "vSpbe16t0VGnib+/wGpkz2pRXmpaj9I9SRMlpGQzLre8oRTBG7sZEuUX0W37Fpe/dlC93Q"
    "xb2aEGQOEY28eieadB9bVpfW7qt18QeZYFP8dV+rdeqNj1doQghsa7q0U23/JsZBzJ+L0f"
    "zhC+IV1SFfUpq+X36jyvGG/6I0+lVWo9ofnZDByMfwzX31j+9DRqO7ZuOjXzyA+c1d8zqC"
    "dX5DXmkNeEdisPMxiVnstJ022+hVLjttqDOrpXm+hUNYSK8cElYOcr+eC9SAhEbUQzTmUR"
    "BruHGAPzCbmCP6G5nH1mdprgMLTUcGcRojIi7beLbYREf6q0BAOTfJtWy1fVO9rZ3EGu8O"
    "gC0ZHxdFNdBhkyFNd3/ZK2O1dPBI4qxC7h8rWKtwuQxOxZJIGjNrILBFmCJl7UTAWQK/BO"
    "6/asNZQTPTGSNnTFDfYv1n4KHEH6a9YKaSPI13rT6Bt/q8kp0KWG8VTZWR4grKVZZ9a6lb"
    "6PocLWVh7hj++xq5ibFvhRXbmzO05rs033UEU9WuV62iKdub7QHDkiXcAx7Jni/TVj82u+"
    "Ss7CR5XeWFrnKxrqSiew6ZbchVUd4qT5LfQZUfEZV6bDVukymTQ/LGdZ6sQdd6kWtd83n7"
    "WRkF9mf5sI0Lanw1X6r50iIze3n50gh5syW+pXTuj0IcHxY1LV1qWtoPp0vgpAORdumEtB"
    "/Vl5WOhvJIeV8jhzFkYVv8EitZjyoWdcqdCprarE84JwNkUlHcpc8c9eYIoxmzn4mdxETv"
    "SHOXdunTgpLi0uUSSGsuaqwP34GGpmhmyg0TboiPR5Jm4RWE6QA9DcTznpAcqqRolyp1PP"
    "BszgRE9hUiuD9Wb/Ed916eSy2gmZLZUttkYjrwyuLPLhUwU47l61RAF3iJCiiEYngbsW51"
    "J6Bn6BBbagJmwNMhOpZ64D6yfTw+1m9zMNyuaw7egswm/X490X3yP0OXqjqTT4J/Lv735P"
    "W3K5JHPVf7j+DOQn76asZbtKwkF6psXPdC+PVY7hNR1CWDnCCf/Oux9li7vUJKuktbj42G"
    "dG2zXUqla9ut2JldoYFs/h+q9TsoPcSm5T2rAMy3HGDiVfVru9lI28gvRKK7d7PvoP9Dls"
    "mPeD2XBC2AEdqzxzzfok5ukS4DCqKeb8vROh/6QamtKuB4iJO94O8wR9mfMm4RF+Vfb4N4"
    "uieod73fhvEtB5J+cQ1kLL2NXEvlIS4CEhrOGA9E8wMaktGQRiHtYac/TuTW0lfRQZldrq"
    "WLO2GtXTovASW2zRKIiPRog4WADjfIH26g/dLTR4ry+qW708GGtR6W1LVelFpPMF/Gs5xp"
    "6+VelgC477Cc5rWgyEaYFmza0ua1wlgo8prXZFN8PcNPwRpudlSXHTaEqXgB1Hi8uzuU5c"
    "fPEZhg+QmkD0y3/PQDhTIYfvoud9gEklrYI0xNLhOi/Iyeptgm1FmYWTytkOBCXMGIuz1u"
    "DkwMacyHSWafnelNjDwIjB8SIxkUELloPJP56tADPye3H1UQuBVeDCcUCK+boIAOOXjNkA"
    "Odf32/+df1PjId/ePcUeh95LdY61n2kYvZMud46suUgacLD6nvMw2p71cMqe8TDl0gySvz"
    "FYdaLCTKB/FezrWYE2wbhMNi2OTjXGaRJFG9k4+TIzYkGXYT1l63pG9OsJVm1V9IRecGJf"
    "bWEz8+gFegd1u7qd9X7968u6icRU7+8Bv4RawNk8nUYnOSlLoytfGGZHSrTQhIGA7NPjEs"
    "tsyZnnUQThDVo3Gm0Vjz03tyovB2WL15PmhjcnqkiIOrCKp8wIZkNKia/j8g/b/s5NoGsA"
    "ba2HiYYgiIDw87gDb7WUBHim5oUMxtYglsm32TgLltNvfSQR72UX2105eOEZ3XPYPjWBDa"
    "pyFTNqYEK6bfyNJNmH7epCz2S44twhGbQu4FAbcz/xk9vWDLJUsTo8UgtEtelDFc4rrYLz"
    "tzNBubkA5tSmiSBXOHmtfZMMkXh9gUW4ZvR3wdi2WkgPyONO3wqcbAi1tKKCCmu1HcDusb"
    "o7VxVBtHXw1cbRzVZjJtHNW1vhvjaHBuzjGkRsTKxxi/v8hiIb1IN5BeREfVqc0Gbj+hc6"
    "WjHBApH8J74eTVOi0R4kyB66PXDlx/sBmfQooHdT5knuj1h1az/VC7UYexBPR0aa3xsfpR"
    "Xq7RER7Ja58gpesnyOd612x3rtAdU0HGh49hXyzMcxhcFzLa3BrEPcHcCg1gubWJT+sp43"
    "tYbNWcXi6MxZQcXQ2H9oZZAQxLfcv4aTPpnsykinzIaSMNCWlbnrY+a0NpIQZTbSg9LkNp"
    "IA5JW0rXwBuacwoVjdZgjjk0Pc+3BGNO6H5llVGHRktmMO5MCOdY5g2UyQLloTa4x1wH+a"
    "n72FDeCRxvk2TK2UgPZByEA6C93IUyxwcamS+Eq/SAQtScmoQ6CDtoIjaLUkPwM+GAEAQH"
    "m4JxqEsDyq/Q0zOZS0OSaqwqRyH2nuKMsZ8XkENyQU5eRLO3/LyIeDDgXSo+xk+IKAe+J+"
    "/oHsRFFYmnzN7691W2RAw3pmCWGiJ3ClhgNCSzLn36rIoh6HcVDxJkDv56QlNs2jzzwdUL"
    "REAAGEF5FA+YhEJ3Ahy4PsC6mAdYl/4k32q7Xf/YgGSF6ugumdywdt/8HS7ZZMJe4Ertj4"
    "d660/jU7Wlsh6SL1PTnhtwuoOkjFq1h2arY8hiShCMxYYsVpQEiDnjerYJ6SlYT9q/HVAM"
    "ZDzNmTzLkVe+dIG565P7auMRDrMSSwQXW116/Xj325XM6tulN3fV+v0V6lvYnHRpvVG96d"
    "R/r3f+vBKTln/gTZc+tmst47Z2V+tAH5EJl9UCR/Sw+j30IFF+Aj1HlG3cNkUZOmBCe6tW"
    "hfO21XxRjN50wOxgxVzcJiGbIzlYcAGTg0uIimn+KzFSSy7+4rCuS766febVokG7Are9pF"
    "5VKwC+gatAWFKfHlQcz4C4Q4jXW4xnMk2o52smNnqYruxoC9FIRfeE7L662eLK69budbN5"
    "F6rY63o0neHj/XWt9eZdxHSXzkBr96tSdy/tb/VNVLNPFOWs44CYniWLXL/avK2zVB4LpI"
    "oLzHlmYURKA6vPgzzAVl/ZV3If8R4S09hql4xDumSEzISv45FxrNBGu64+dnMPIG9y7KZO"
    "v5xtZFibfjlpYaZxXYdreC1aKF+iwJCR4EkUHlDS/Ygiw1gWNyIoi7By++ljisbMGiBG5f"
    "GcQMNWEHf7Y4Q5as6oTFmNbtgPDH4neRNtq25dNLjMWx0JpB6KZ5CBoZJdRxxvdGz1a8ZW"
    "H9Kf4tAr65Bx/TKLcf0y3bh+GTOu67D1/cb+BQeRHDBHxEqI9nkmtM9XoH2e5BwkfRSUrh"
    "jcaw9AXci9viE+cEBzzzUtx6T8LTzvEGc078U8731VTpttQEqba7W59hvOm5AlW4Y2+2g6"
    "smib4wx0ZPrWOMpGTAg8Pj6F5MgnV10oKhHqYdIRdr18bE6NsVhAMHu+JWJNX98vSl35ce"
    "PEgZwVu8KtrdSVCbe9clau02Nfai9EPi5OWgVuV1ayVrKgQRYl19NWFMnSaIZNqDEI2OoR"
    "NHW98ymAcYLwMG9Q+46jFhmYXIarUWIlEFdbKoR4uOqiuK28/jkEmnHUmyOvnaIned1w2D"
    "OhTzKqTV0Ryzih1bSeKgsdEMQ2JhNZSPyAODfx/KfFG4l139Nb9Anu4MCDBybhFfmqUjHy"
    "XGZVkB2mDEi1+HtCZJx8VzwSjSdzTFvwZUAm90lvOmgN7umgtR2E4oh79Q/1m2qnDqmKgp"
    "GmXdr81Ki12r/UHwyxOW58hEib5RyiQlgHq0NxOs3fao220ar9Ln6Iu7IHc8MmL+LHRsFs"
    "59lYlRWkSixFGJ5bDCfUcjqdEhDRIQ1bcCZ6F79JVRRp157JWzMwe+fhiCNiBQ5o3JQiPs"
    "sylp2lj2VnsSSywVVR7j4VFdY+0EXuVdFVZJ6qjsrqmi5yTWvaU9OepaI998quRNm8JIol"
    "gfFbwbNE+cZsZEsgz4+XREd694BnD3AamAYzAwV9feI0y+aqgGB5ko5xT8GTJAhVWX3m3C"
    "ETNMEDog6fkM+ooCGzEfniZfahgcQLUl8HWA+PHeRojF8gQxHIQCdBz2SOAo0KUg2Bathh"
    "9zDg1CN9LF4f4S6FjA/+h81s04GzMaikVGSaIy9rkEflLFSgGXOtgZAj/Wc0NMXjxTN5l0"
    "oRSFHUpOhBDcHtf90JUcaJKs3FBpQ9e2maxthSWMIEB7hiFHifLhVX3p2eVk5PT5E8Bge9"
    "6RHaH/8DCnm737fT+fdvkcJjSGxxmwwUISRGiLnaDHOEbdBGrTnibOj84G2OK6jtEGjuSF"
    "3gAKLXrbzMTeFqnZnOuEu9JghOYmKzDmSbl1kGveFK3z8C3mxcvmFWXiowAAYcBgJ/qt6u"
    "cy0VnraKVN8m7FVERaFJrIdaqw30lTqQqUtvmvcP1cafV8jLgteltzXIN+MfAnT4nC+hDp"
    "U9smYpoxd0iSFLB8yd9FqNXSdPKkjypAwV/pozz26SJ2lKdhOANaWgZyAPVx1Av2NIKZkZ"
    "co7KhWpESgOrA+hf/dR3m7yYzOUbtN4kUd2ENYO7IYPrv0BWCrfRRLBzaDZ0tPe2KK8J90"
    "5BOtT/d4B1eQKUE0FOGi6zwOwvEjTC6xCOLKeygKuTFmQchlOyFgRgPbAlzffvXmVJC/iA"
    "Z7Gk8UDx9ZY0XwzZLpyfDuYpaSdaHjEhDSZBa4lJwX7izXEJFrWdqFwXdR/h0IPzpw64P2"
    "TAvbaPFN4+8rfrn3eRI5w2KKbjaXPE00qyUFmSDTx0wCKAk+Kq0lmsVAV63xqHG057MXoE"
    "fCbyAp0kqiFe3aK56Y3geewZiQq0o2SRrRo6u3d69zrOrAAJ1R6La9W2LG0fOBZ8NXl9kC"
    "SwmrneW57Sw3BTD3Ine5LASHl3Kqt4qOmyTIZUjwIqRxSpICYvYsuaoxmzn8H1Gngj7G+j"
    "kxI75hPO6aXrp0+DAPJIcsewN05CgfCKJ0mDd0RyPh9fTU1tSU3phIX7PV9TO7ilo3+ce4"
    "QsmcP0zrBstZ5lZ0gmOCkMOn0wXQiUL9j87PIiy2B6eZE+mMK9iIuTACnXbLUQKB/Au89d"
    "7JhO0n4lHd2FQPnQ3UvyYs0c7Yc58rYO+XANC2mTRnrS215eZKNyGlzNxh2QjVu2xx3AWx"
    "73sCRoY103w8E2PnGzPbY3S00lhTc05xTqZJsHZpn9+Y3MM3CSxHMG71dWsp2ypJeyIBvp"
    "GU44sfR6+44jpQ0OoPGzyF6h2ZhVxD/YgewO4JlQQdIHpCJTTazLZ7Gt+sQcF8Ctqkdwld"
    "+CuQ43vTwX1Yf68kAdycCKahj8YJnivVTgq1D6pJ7l5RuVD3yCXA4IMtkhTvGUj5nD/Ywc"
    "Xj5ENMW2gyDbwyaErs4EWtiUCqXPBPqxVW10rtDIxtTpUpWy8wqpVJ1ezHireVdrexHjMr"
    "0IOA5+qDdqxuI2OBEORT8yFoW69OHuUSB+haaWOzJDeUXFu3TqjY/tYGJRv993afXmpvnY"
    "6ARK+SuNZZlovHrz+tfaTcd7lYANa3XUu3r9WrvTbC1u2gQyrRQlS6mDbTGE5CIDFhJFbn"
    "ZFMg2oAT+OcXoi2KXEVnlgi7l6SkJ2L2lg5dyaB/aFgEZdJ9/VPpE604PO9HCskGoK7iAU"
    "nA7OzIbq2hOlD0MOSdgTSCG/OtLJID/cOYvjm3KTA/oFwZlSKpcnC/A1P6s8pHIrKFZdL8"
    "TP9nmDeU/8VGROklvcLlWvi8JURn0dcKm92sq7dX1lT5eCI7wXVxfM+QwifseYj/MgHRMs"
    "JeKXmRC/XIH4ZTwGeCQ9pg02HJpJ8XvpmCeIapeYTC4xmhVIR/84HSWzuMd6RPgGtR6W1O"
    "GxRaaCvNPXXrBlDowU0nV1bSdr0LVe5FrXBOB+CEC1Oc9JAYaFNAmoScADkoBeY9Q04Bpc"
    "w502NxGoD3nf4LDy4Em0W4LVCKgqK1w2AfeXLYEqVy/e6xnuAJVMAJBCwvvJAVYT8YuEBF"
    "nYeHjKAI1s5k7B51CdLeWMseP7TIL7Ilf+WwgO+4DTuRyWxL5vo2od2y7B0GS7JtsLwZHt"
    "Piiv55qWYyYcMrQyMWFASuclzJGXUNOR6Q29vHSkpiz03rpge8DiHnirHCJabvJiNHB35X"
    "K0L8sZtptxQZoO8PqQF70afM3V4FRik2M5uBAo4XpwL4bql9M88KrS5TNH7wfad7mgfaeh"
    "zQ7tWS5ozzS02aE9zwXtuYY2O7QXuaC90NBmh/YyF7SXGtqV0MY2XofZHlSJbfbHJwlbA+"
    "/Oym0BXpbRO4Ky7AheiM3NtHPSU3r7UkTvCrINp9CpciDsFS8huvvxU2XUIUncVXrUcEBk"
    "q7jhoqH9GoHDB53Mvv4/Ea1sww=="
)
