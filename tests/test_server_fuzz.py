"""`seggraph serve` fuzzed over its own OpenAPI document (/openapi.json) with schemathesis.

One server (no API keys) runs for the module, on the session's data dir, so it shares the
session's embedded PostgreSQL and sample. Every operation of the document gets schemathesis'
coverage cases (boundary values, missing, wrong-typed and unknown fields) and a bounded
number of Hypothesis examples, valid and invalid, derandomized with a fixed seed: CI sends
the same requests every run. Shrinking is off, to bound the time a failure costs; the report
of a failure holds the exact request (curl) all the same.

What must hold, per request (`test_every_operation_survives_fuzzing`):
- no 5xx, ever, and no hang: every request gets `REQUEST_TIMEOUT_S`;
- data the document calls invalid (wrong types, unknown fields, out-of-range numbers) is
  refused with a 4xx;
- every error answers JSON `{"detail": ...}`.
What must hold, over all the requests (`test_responses_match_the_openapi_document`): each
response has a status the document lists for its operation, and the content type, body and
headers the document gives for that status. These are gathered during the same requests and
judged apart, so that one gap in the document (found on every request) does not stop the
fuzzing of an operation before it reaches a crash.
Last (`test_the_fuzzed_server_logged_no_error`), the server's log holds no error and no
traceback: an exception no response shows (in a run, a stream, a background task) is a bug.

Random ids almost always answer 404, which tests little past the lookup. So about half the
generated thread, run, checkpoint and assistant ids (picked by a hash of the generated value,
so still reproducible) are swapped for ones that exist: a thread with a finished run, created
before the fuzzing (a DELETE gets a thread of its own instead). Likewise about half of the
Hypothesis examples of the run-creating operations are made into runs the graph executes
(the assistant, an input with the request text, no command): the document cannot say that
a run needs exactly one of `input` and `command`, so random bodies would never run.
Nothing is excluded: the SSE endpoints (runs/stream, .../stream) end when their run ends, and
requests reads them whole like any other body.
"""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import AcceptedNegativeData, FailureGroup
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (content_type_conformance,
                                               negative_data_rejection,
                                               response_headers_conformance,
                                               response_schema_conformance,
                                               status_code_conformance)

from tests.server_harness import ServerProcess, start_server
from tools.settings import Settings

SEED = 20260101  # fixed: CI fuzzes with the same requests every run
MAX_EXAMPLES = 10  # Hypothesis examples per operation, on top of the coverage cases
REQUEST_TIMEOUT_S = 20  # a graph run takes well under a second: longer is a hang
GRAPH_ID = "seggraph"
KNOWN_THREAD = "fuzz-known-thread"
REQUEST = "customers in Texas who bought electronics in the last 30 days"
RUN_CREATING = {"/runs", "/runs/stream", "/runs/wait", "/threads/{thread_id}/runs",
                "/threads/{thread_id}/runs/stream", "/threads/{thread_id}/runs/wait"}
# The six run-creating operations take the same body (RunCreate), so its coverage cases (~300
# per operation, most of the fuzzing's time) run on two of them only, POST /runs/wait and
# POST /threads/{thread_id}/runs/wait; these four get the Hypothesis examples alone.
NO_COVERAGE_PHASE = ["POST /runs", "POST /runs/stream", "POST /threads/{thread_id}/runs",
                     "POST /threads/{thread_id}/runs/stream"]

# The document's conformance failures, gathered by the fuzzing test for the next one:
# (operation, failure title, status) -> (message, curl of the first request that showed it)
CONFORMANCE: dict[tuple[str, str, int], tuple[str, str]] = {}
SENT = {"requests": 0}


# -- the server ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fuzz_server(settings: Settings, warehouse_setup: dict[str, Any]) -> Iterator[ServerProcess]:
    """One `seggraph serve` without keys on the session's data dir.

    The rate limit is lifted: schemathesis sends far more than 200 requests a second from one
    address, and 429s would hide what the requests were meant to reach.
    """
    server = start_server(settings.data_dir,
                          env={"SEGGRAPH_SERVER_RATE_LIMIT": "1000000/second"})
    yield server
    server.stop()


@pytest.fixture(scope="module")
def known(fuzz_server: ServerProcess) -> dict[str, str]:
    """Ids that exist on the server: the assistant, a thread with a finished run and its
    checkpoint."""
    with httpx.Client(base_url=fuzz_server.url, timeout=60) as client:
        reply = client.post("/threads", json={"thread_id": KNOWN_THREAD, "if_exists": "do_nothing",
                                              "metadata": {"fuzz": "known"}})
        assert reply.status_code == 200, reply.text
        reply = client.post(f"/threads/{KNOWN_THREAD}/runs/wait",
                            json={"assistant_id": GRAPH_ID, "input": {"request": REQUEST}})
        assert reply.status_code == 200, reply.text
        runs = client.get(f"/threads/{KNOWN_THREAD}/runs").json()
        state = client.get(f"/threads/{KNOWN_THREAD}/state").json()
        assistant = client.post("/assistants/search", json={}).json()[0]["assistant_id"]
    return {"thread_id": KNOWN_THREAD, "run_id": runs[0]["run_id"],
            "checkpoint_id": state["checkpoint"]["checkpoint_id"], "assistant_id": assistant}


@pytest.fixture(scope="module")
def api_schema(fuzz_server: ServerProcess):
    """The server's own OpenAPI document, with the fuzzing's bounds and checks' settings."""
    config = schemathesis.Config.from_dict({
        "seed": SEED,
        "request-timeout": REQUEST_TIMEOUT_S,
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True,
                       "database": "none", "no-shrink": True},
        # Invalid data must be refused with a 4xx (405: a path made empty meets another route).
        "checks": {"negative_data_rejection": {
            "expected-statuses": ["400", "404", "405", "409", "413", "422"]}},
        "phases": {"stateful": {"enabled": False}},
        "operations": [{"include-name": NO_COVERAGE_PHASE,
                        "phases": {"coverage": {"enabled": False}}}],
    })
    return schemathesis.openapi.from_url(f"{fuzz_server.url}/openapi.json", config=config,
                                         timeout=30)


schema = schemathesis.pytest.from_fixture("api_schema")


# -- checks --------------------------------------------------------------------------------

def error_is_json_detail(ctx, response, case) -> None:
    """Every 4xx/5xx answers JSON `{"detail": ...}` (`server.app` promises it)."""
    if response.status_code < 400:
        return
    kind = response.headers.get("content-type", [""])[0]
    assert kind.startswith("application/json"), \
        f"error {response.status_code} answered {kind!r}, not JSON: {response.text[:300]!r}"
    try:
        body = json.loads(response.text)
    except ValueError:
        raise AssertionError(f"error {response.status_code} body is not JSON: "
                             f"{response.text[:300]!r}") from None
    assert isinstance(body, dict) and "detail" in body, \
        f"error {response.status_code} body has no `detail`: {response.text[:300]!r}"


_BOOLEAN_WORDS = {"0", "1", "true", "false", "t", "f", "yes", "no", "y", "n", "on", "off"}


def _types(schema: dict[str, Any]) -> set[str]:
    kind = schema.get("type")
    if kind is not None:
        return {kind} if isinstance(kind, str) else set(kind)
    return set().union(*(_types(s) for s in schema.get("anyOf", []) + schema.get("oneOf", [])))


def _query_boolean_spelling(case) -> bool:
    """True when the only invalid part of the request is a boolean query parameter sent as
    0/1 (or yes/no, on/off): a query is text, and FastAPI reads those as booleans, as it
    should. schemathesis counts `?subgraphs=0` as a wrong type."""
    meta = case.meta
    if meta is None or not case.query or any(
            info.mode.is_negative for where, info in meta.components.items()
            if where != ParameterLocation.QUERY):
        return False
    properties = case.operation.query.schema.get("properties", {})
    query = dict(case.query)
    for name, value in query.items():
        if "boolean" in _types(properties.get(name, {})) and \
                not isinstance(value, (list, dict)) and str(value).lower() in _BOOLEAN_WORDS:
            query[name] = str(value).lower() in {"1", "true", "t", "yes", "y", "on"}
    return query != case.query and case.operation.query.get_strict_validator().is_valid(query)


def invalid_data_is_refused(ctx, response, case) -> None:
    """`negative_data_rejection`, less its one false alarm here (`_query_boolean_spelling`)."""
    try:
        negative_data_rejection(ctx, response, case)
    except AcceptedNegativeData:
        if not _query_boolean_spelling(case):
            raise


ROBUSTNESS = [not_a_server_error, invalid_data_is_refused, error_is_json_detail]
CONFORMANCE_CHECKS = [status_code_conformance, content_type_conformance,
                      response_schema_conformance, response_headers_conformance]


# -- steering the generated requests to things that exist ----------------------------------

def _heads(value: Any) -> bool:
    """A reproducible coin: True for about half of the generated values."""
    return zlib.crc32(repr(value).encode()) % 2 == 0


def _disposable_thread(url: str, with_run: bool) -> tuple[str, str | None]:
    """A new thread (and a finished run on it) for a DELETE to remove."""
    with httpx.Client(base_url=url, timeout=60) as client:
        thread_id = client.post("/threads", json={"metadata": {"fuzz": "disposable"}}).json()[
            "thread_id"]
        if not with_run:
            return thread_id, None
        client.post(f"/threads/{thread_id}/runs/wait",
                    json={"assistant_id": GRAPH_ID, "input": {"request": REQUEST}})
        return thread_id, client.get(f"/threads/{thread_id}/runs").json()[0]["run_id"]


def _steer(case, known: dict[str, str], url: str) -> None:
    """Swap about half of the generated ids for existing ones, and make about half of the
    Hypothesis examples of the run-creating operations into runs that execute."""
    params = case.path_parameters
    method = case.method.upper()
    if method == "DELETE" and "thread_id" in params and _heads(params):
        thread_id, run_id = _disposable_thread(url, with_run="run_id" in params)
        params["thread_id"] = thread_id
        if run_id is not None:
            params["run_id"] = run_id
    elif method != "DELETE":
        for name in ("thread_id", "run_id", "checkpoint_id", "assistant_id"):
            if name in params and _heads((name, params[name])):
                params[name] = known[name]
    body = case.body
    if not isinstance(body, dict) or not isinstance(body.get("assistant_id"), str):
        return
    fuzzing = case.meta is not None and case.meta.phase.name.value == "fuzzing"
    if method == "POST" and case.operation.path in RUN_CREATING and fuzzing and \
            _heads(("run", body)):
        text = body["assistant_id"] or REQUEST
        body["assistant_id"] = GRAPH_ID
        given = body.get("input")
        if not isinstance(given, dict):
            body["input"] = {"request": text}
        elif not isinstance(given.get("request"), str) and not given.get("messages"):
            given["request"] = text
        for refused in ("command", "webhook", "after_seconds", "context"):
            body.pop(refused, None)  # refused by design, with a 422 naming them
    elif _heads(body):
        body["assistant_id"] = GRAPH_ID if _heads(body["assistant_id"]) else known["assistant_id"]


# -- the tests -----------------------------------------------------------------------------

@schema.parametrize()
@hypothesis_settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                     suppress_health_check=list(HealthCheck))
def test_every_operation_survives_fuzzing(case, known, fuzz_server):
    _steer(case, known, fuzz_server.url)
    response = case.call(timeout=REQUEST_TIMEOUT_S)
    SENT["requests"] += 1
    try:
        case.validate_response(response, checks=CONFORMANCE_CHECKS)
    except FailureGroup as group:
        for failure in group.exceptions:
            key = (case.operation.label, failure.title, response.status_code)
            CONFORMANCE.setdefault(key, (str(failure.message).strip(), case.as_curl_command()))
    case.validate_response(response, checks=ROBUSTNESS)


def test_responses_match_the_openapi_document(fuzz_server):
    """Over the fuzzing's requests (the test above), each response has a status its
    operation documents, and the documented content type, body and headers for it."""
    assert SENT["requests"], "the fuzzing test sent no request: run the whole module"
    problems = [f"{op}: {title} [{status}]\n    {message.splitlines()[0][:300]}"
                + "".join(f"\n    {line[:300]}" for line in message.splitlines()[1:4])
                + f"\n    {curl[:500]}"
                for (op, title, status), (message, curl) in sorted(CONFORMANCE.items())]
    assert not problems, f"{len(problems)} ways the responses differ from /openapi.json:\n" + \
        "\n".join(problems)


def test_the_fuzzed_server_logged_no_error(fuzz_server, known):
    """After the fuzzing (the tests above), the log holds no error line and no traceback: an
    exception a response hides (in a run, a stream, a background task) is a bug too."""
    time.sleep(1)  # let the runs the fuzzing queued finish
    problems, in_traceback = [], False
    for line in fuzz_server.logs().splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if isinstance(record, dict):
            in_traceback = False
            if record.get("level") in ("error", "critical", "exception"):
                problems.append(line)
        elif line.startswith("Traceback"):
            in_traceback = True
        elif in_traceback and line and not line[0].isspace() and \
                not line.startswith(("The above exception", "During handling")):
            problems.append("  " + line)  # the exception that ended the traceback
            in_traceback = False
        elif line.startswith(("ERROR", "CRITICAL")):
            problems.append(line)
    assert not problems, f"{len(problems)} error lines in {fuzz_server.log}:\n" + \
        "\n".join(p[:300] for p in problems[:60])
