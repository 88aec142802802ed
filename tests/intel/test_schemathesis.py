"""schemathesis against the service's OpenAPI schema: whatever it sends, never a 5xx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings

from .conftest import World
from .stixgen import indicator


def test_no_generated_request_makes_the_service_answer_5xx(tmp_path: Path) -> None:
    w = World(f"sqlite:///{tmp_path / 'hub.db'}")
    w.org("KAZ-KNB", "KAZ", role="org-admin")
    w.org("RUS-FSB", "RUS")
    w.post("KAZ-KNB", "alliance", [indicator()])
    headers = {"Authorization": f"Bearer {w.keys['KAZ-KNB']}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", w.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    seen: list[tuple[str, str, int]] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def check(case: Any) -> None:
            response = case.call(headers=headers)
            seen.append((case.method, case.path, response.status_code))
            assert response.status_code < 500, (
                case.method,
                case.formatted_path,
                response.text[:300],
            )

        check()
    assert {code for _, _, code in seen} & {200, 202}
    w.store.dispose()
