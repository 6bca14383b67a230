"""Resolvers: parse GraphQL input, call the ownership and policy modules, shape output."""
