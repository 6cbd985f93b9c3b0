"""Schemathesis against the OpenAPI document: no server error, no response off its schema.

Runs on SQLite and PostgreSQL, authenticated as a user who may call every route, over a small
registry so that lookups hit real rows as well as misses. (Operations are iterated here rather
than through schemathesis.pytest.from_fixture, which does not run under pytest 9.)"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
EXAMPLES = 30


def test_api_conforms(app: Any, token_for: Any, registry_sample: dict[str, int]) -> None:
    # Generous: the document is built on the first request, and CI machines can be busy.
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app, timeout=120)
    failures: list[str] = []
    tested = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        tested += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            # A fresh token per call: DELETE /tokens/{id} may revoke the caller's own token.
            headers = {"Authorization": f"Bearer {token_for('chief')}"}
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            subs = getattr(exc, "exceptions", [exc])
            failures.append(f"{operation.label}: " + "\n".join(str(e)[:1500] for e in subs))
    assert tested >= 12
    assert failures == [], "\n\n".join(failures)
