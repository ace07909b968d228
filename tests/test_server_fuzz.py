"""`seggraph serve` fuzzed over its own OpenAPI document (/openapi.json) with schemathesis.

One server (no API keys) runs for the module, on the session's data dir (so it shares the
session's embedded PostgreSQL and sample). Every operation of the document gets
schemathesis' coverage cases (boundaries, missing and wrong-typed fields, unknown fields) and
a bounded number of Hypothesis examples, positive and negative, derandomized with a fixed
seed so that CI runs the same requests every time.

What must hold for every request:
- no 5xx, ever (`not_a_server_error`), and no request hangs (a timeout per request);
- a response whose status the document describes has its documented content type and
  body (`content_type_conformance`, `response_schema_conformance`,
  `response_headers_conformance`); statuses the document leaves out (404, 409, ...) are not
  judged here;
- data the document calls invalid (wrong types, unknown fields, out-of-range numbers) is
  refused with a 4xx (`negative_data_rejection`);
- every error answers JSON `{"detail": ...}` (`error_is_json_detail`).
Afterwards the server's log must hold no traceback or error line.

Random ids almost always answer 404, which tests little past the lookup. So about half of
the generated thread, run, checkpoint and assistant ids (chosen by a hash of the generated
value, so still reproducible) are swapped for ones that exist: a thread with a finished run,
created before the fuzzing. Nothing is excluded: the SSE endpoints (runs/stream, .../stream)
end when their run ends, and requests reads them whole like any other body.
"""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis.internal.conjecture import utils as conjecture_utils
from hypothesis_jsonschema import _from_schema
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance,
                                               negative_data_rejection,
                                               response_headers_conformance,
                                               response_schema_conformance)

from tests.server_harness import ServerProcess, start_server
from tools.settings import Settings

SEED = 20260101  # fixed: CI fuzzes with the same requests every run
MAX_EXAMPLES = 10  # Hypothesis examples per operation, on top of the coverage cases
REQUEST_TIMEOUT_S = 20  # a graph run takes well under a second; longer is a hang
GRAPH_ID = "seggraph"
KNOWN_THREAD = "fuzz-known-thread"
REQUEST = "customers in Texas who bought electronics in the last 30 days"


@pytest.fixture(scope="module")
def fuzz_server(settings: Settings, warehouse_setup: dict[str, Any]) -> Iterator[ServerProcess]:
    """One `seggraph serve` without keys on the session's data dir.

    The rate limit is lifted: schemathesis sends far more than 50 requests a second from one
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
                       "database": "none"},
        # Wrong types and unknown fields must be refused with a 4xx; a 5xx is never right.
        "checks": {"negative_data_rejection": {
            "expected-statuses": ["400", "404", "405", "409", "413", "422"]}},
        "phases": {"stateful": {"enabled": False}},
    })
    return schemathesis.openapi.from_url(f"{fuzz_server.url}/openapi.json", config=config,
                                         timeout=30)


schema = schemathesis.pytest.from_fixture("api_schema")


class _ManyWithMore(conjecture_utils.many):
    """Hypothesis' `many` with the `while elements.more():` loop that hypothesis-jsonschema
    0.23.1 (the newest; schemathesis draws every JSON object through it) still drives.
    Hypothesis 6.170 dropped `more()` for `with many(...) as elements: for _ in elements:`,
    and every object body then fails with "'many' object has no attribute 'more'"."""

    _END = object()

    def more(self) -> bool:
        if self._depth is None:  # the first call: what `with` and `for` would do
            self.__enter__()
            self._steps = iter(self)
        return next(self._steps, self._END) is not self._END


@pytest.fixture(scope="module", autouse=True)
def _jsonschema_generation_works() -> Iterator[None]:
    """Give hypothesis-jsonschema (and it alone) a `many` with `more()` while this module
    runs, when the installed Hypothesis lacks it."""
    if hasattr(conjecture_utils.many, "more"):
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_from_schema, "cu", SimpleNamespace(many=_ManyWithMore))
        yield


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request: pytest.FixtureRequest) -> None:
    """schemathesis 4.15.2 reads and rewrites `item._nodeid`, which pytest 9.2 no longer has
    (it keeps `item._id`): give the item the attribute, so `from_fixture` schemas run. The
    subtests still name their operation ("POST /threads") in the report."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


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


CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance,
          response_headers_conformance, negative_data_rejection, error_is_json_detail]


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
    """Swap about half of the generated ids for existing ones (DELETEs get a disposable
    thread, so the known one stays for the other operations)."""
    params = case.path_parameters
    if case.method.upper() == "DELETE" and "thread_id" in params and _heads(params):
        thread_id, run_id = _disposable_thread(url, with_run="run_id" in params)
        params["thread_id"] = thread_id
        if run_id is not None:
            params["run_id"] = run_id
    elif case.method.upper() != "DELETE":
        for name in ("thread_id", "run_id", "checkpoint_id", "assistant_id"):
            if name in params and _heads((name, params[name])):
                params[name] = known[name]
    body = case.body
    if isinstance(body, dict) and isinstance(body.get("assistant_id"), str) and _heads(body):
        body["assistant_id"] = GRAPH_ID if _heads(body["assistant_id"]) else known["assistant_id"]


@schema.parametrize()
@hypothesis_settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                     suppress_health_check=list(HealthCheck))
def test_every_operation_survives_fuzzing(case, known, fuzz_server):
    _steer(case, known, fuzz_server.url)
    case.call_and_validate(checks=CHECKS, timeout=REQUEST_TIMEOUT_S)


def test_the_fuzzed_server_logged_no_error(fuzz_server, known):
    """After the fuzzing (the test above), the log holds no error line and no traceback: an
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
