"""Schemathesis against the OpenAPI document: generated requests (a bounded number per operation, with an
analyst's token so the writes are exercised too) never make the server fail with a 5xx.

The operations are driven with Hypothesis directly (`as_strategy`) rather than through schemathesis'
pytest plugin, which does not load under this pytest."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.web.conftest import WebDB

EXAMPLES = 10


@pytest.fixture(scope="module")
def api_schema(web_db: WebDB, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from rasd.web import create_app

    app = create_app(web_db.copy(tmp_path_factory.mktemp("schema")), secret_key="schema-tests")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return schemathesis.openapi.from_asgi("/api/openapi.json", app)


def test_no_server_errors(api_schema: Any, web_db: WebDB) -> None:
    operations = [r.ok() for r in api_schema.get_all_operations()]
    assert len(operations) >= 11
    auth = {"Authorization": f"Bearer {web_db.analyst_token}"}
    failures: list[str] = []

    for op in operations:
        @given(case=op.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: Any) -> None:
            response = case.call(headers=auth)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query}: {response.status_code}")
            assert response.status_code < 500, failures[-1]

        run()
    assert failures == []
