"""Resolvers: parse GraphQL input, call the ownership and policy modules and
shape the output."""
