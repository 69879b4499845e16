"""schemathesis against ``/openapi.json``: every operation, generated parameters, no 5xx and no
response that violates the documented schema (issue #9). Runs on the real app over the seed index.

The operations are walked by hand (``get_all_operations`` + ``as_strategy``) rather than through
schemathesis' pytest plugin, whose fixture loader does not run under this pytest version.
"""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

EXAMPLES = 15


def test_no_operation_answers_5xx_or_off_schema(client):
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    failures, operations = [], 0
    for result in schema.get_all_operations():
        op = result.ok()
        operations += 1

        @given(case=op.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

        try:
            run()
        except Exception as e:  # noqa: BLE001 (collect every operation's failure, then report them all)
            failures.append(f"{op.label}: {str(e)[:500]}")
    assert operations >= 15  # every JSON operation of the API
    assert not failures, "\n".join(failures)
