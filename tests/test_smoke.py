from tests.conftest import Caller

CREATE_DEAL = """
mutation($name: String!) {
  createDeal(input: {name: $name}) { id name owner { name } stage }
}
"""
DEALS = """
query { deals(first: 10) { totalCount edges { node { name owner { email } } } } }
"""


async def test_create_and_list_deal(make_caller) -> None:
    anna: Caller = await make_caller("anna@acme.test", roles=("admin",))
    created = await anna.data(CREATE_DEAL, name="Laptops for Acme")
    assert created["createDeal"]["owner"]["name"] == "Anna"
    listed = await anna.data(DEALS)
    assert listed["deals"]["totalCount"] == 1
