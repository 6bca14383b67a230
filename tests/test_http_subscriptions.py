"""Subscriptions sent over HTTP get a client error; websockets carry them."""

import logging

import pytest

SUBSCRIPTIONS = [
    "subscription { notifications { kind } }",
    "subscription { ownershipChanged { batchId } }",
    'subscription { bulkJobProgress(id: "QnVsa0pvYjox") { id } }',
]


@pytest.mark.parametrize("query", SUBSCRIPTIONS)
@pytest.mark.parametrize("with_token", [True, False])
async def test_post_subscription_is_bad_request(
    make_caller, caplog: pytest.LogCaptureFixture, query: str, with_token: bool
) -> None:
    anna = await make_caller("anna@acme.test")
    headers = {"Authorization": f"Bearer {anna.token}"} if with_token else {}
    with caplog.at_level(logging.DEBUG):
        response = await anna.client.post(
            "/graphql", json={"query": query}, headers=headers
        )

    assert response.status_code == 400, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["message"] == (
        "Subscriptions are not served over HTTP POST; open a websocket to "
        "/graphql with the graphql-transport-ws protocol."
    )
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


async def test_get_subscription_is_bad_request(make_caller) -> None:
    anna = await make_caller("anna@acme.test")
    response = await anna.client.get(
        "/graphql",
        params={"query": SUBSCRIPTIONS[0]},
        headers={"Authorization": f"Bearer {anna.token}"},
    )

    assert response.status_code == 400, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "not served over HTTP GET" in error["message"]


async def test_query_and_mutation_over_http(make_caller) -> None:
    anna = await make_caller("anna@acme.test")

    me = await anna.data("query { me { email } }")
    created = await anna.data('mutation { createPerson(input: {name: "Bo"}) { name } }')

    assert me["me"]["email"] == "anna@acme.test"
    assert created["createPerson"]["name"] == "Bo"
