"""Masking of unexpected errors: only product errors and GraphQL's own reach clients."""

import logging

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from steward.errors import StewardError

logger = logging.getLogger(__name__)


def should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, StewardError | GraphQLError):
        return False
    logger.error(
        "unexpected error at %s",
        error.path,
        exc_info=(type(original), original, original.__traceback__),
    )
    return True


def error_masking() -> MaskErrors:
    return MaskErrors(
        should_mask_error=should_mask,
        error_message="Internal error; the service logged the details.",
    )
