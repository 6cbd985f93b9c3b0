"""Schemathesis over the graph API only (the whole API is covered by tests/test_api_schema.py;
this runs the graph's operations with more examples, over the tiny graph world): no server
error, no response off its schema."""

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


def test_graph_api_conforms(app: Any, token_for: Any, tiny: dict[str, int]) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    headers = {"Authorization": f"Bearer {token_for('local_analyst')}"}
    failures: list[str] = []
    tested = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if "/graph" not in operation.path:
            continue
        tested += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:
            subs = getattr(exc, "exceptions", [exc])
            failures.append(f"{operation.label}: " + "\n".join(str(e)[:1500] for e in subs))
    assert tested == 7
    assert failures == [], "\n\n".join(failures)
