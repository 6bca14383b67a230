"""A schemathesis check that accepts Steward's typed errors and rejects the rest.

Schemathesis's own `not_a_server_error` check counts every GraphQL error raised
by a resolver as a server failure, including the typed errors that Steward
returns on purpose for invalid input (`NOT_FOUND`, `VALIDATION`, ...). The
external suites run it turned off and load this module with SCHEMATHESIS_HOOKS
instead. `typed_errors_only` fails a response that:

- has a 5xx status,
- contains an error with code `INTERNAL` or the masked message of an unexpected
  exception,
- contains an error from a resolver (one with a `path`) that has no code.

GraphQL's own errors (parse and validation) carry no `path` and pass.
"""

import json

import schemathesis

# The message schema/errors.py puts in place of an unexpected exception.
MASKED_MESSAGE = "Internal error; the service logged the details."


def _errors(body: object) -> list[dict]:
    if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
        return []
    return [error for error in body["errors"] if isinstance(error, dict)]


@schemathesis.check
def typed_errors_only(ctx, response, case) -> None:
    if response.status_code >= 500:
        raise AssertionError(f"HTTP {response.status_code}: {response.text[:500]}")
    try:
        body = json.loads(response.text)
    except ValueError:
        return
    for error in _errors(body):
        extensions = error.get("extensions") or {}
        code = extensions.get("code") if isinstance(extensions, dict) else None
        message = str(error.get("message", ""))
        if code == "INTERNAL" or MASKED_MESSAGE in message:
            raise AssertionError(f"internal error at {error.get('path')}: {message}")
        if error.get("path") and not code:
            raise AssertionError(
                f"resolver error without extensions.code at {error['path']}: "
                f"{message[:300]}"
            )
