"""Query and Mutation roots and the schema object."""

import strawberry

from resolvers import editing, ownership, records, users
from schema import types
from schema.errors import error_masking


@strawberry.type
class Query:
    me: types.User = strawberry.field(resolver=users.me)
    users: list[types.User] = strawberry.field(resolver=users.users)
    node: types.Node | None = strawberry.field(resolver=records.node)
    persons: types.Connection[types.Person] = strawberry.field(resolver=records.persons)
    companies: types.Connection[types.Company] = strawberry.field(
        resolver=records.companies
    )
    deals: types.Connection[types.Deal] = strawberry.field(resolver=records.deals)
    ownership_history: list[types.OwnershipChange] = strawberry.field(
        resolver=ownership.ownership_history
    )


@strawberry.type
class Mutation:
    login: types.LoginResult = strawberry.field(resolver=users.login)
    create_person: types.Person = strawberry.field(resolver=editing.create_person)
    create_company: types.Company = strawberry.field(resolver=editing.create_company)
    create_deal: types.Deal = strawberry.field(resolver=editing.create_deal)
    update_person: types.Person = strawberry.field(resolver=editing.update_person)
    update_company: types.Company = strawberry.field(resolver=editing.update_company)
    update_deal: types.Deal = strawberry.field(resolver=editing.update_deal)
    change_owner: types.Record = strawberry.field(resolver=ownership.change_owner)


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    types=[types.Person, types.Company, types.Deal, types.User, types.ObjectRole],
    extensions=[error_masking],
)
