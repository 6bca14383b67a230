"""Steward: the record-ownership service of a CRM."""
