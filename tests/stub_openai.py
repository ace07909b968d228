"""A scripted OpenAI-compatible chat completions server on 127.0.0.1, for tests of the
model strategies (no model endpoint exists on these machines).

    stub = StubOpenAI().start()
    stub.push({"content": '{"x": 1}'}, {"status": 429, "retry_after": "0.2"})
    ... OPENAI_BASE_URL=stub.base_url, OPENAI_API_KEY=anything ...
    stub.stop()

Each request takes the next scripted action (then `default`, if set; else HTTP 500):
`{"content": text}` answers it; `{"status": code, "retry_after": seconds}` fails with that
status; `{"delay_s": s, ...}` waits first; `{"body": text}` sends raw bytes (not JSON).
A request whose last user message holds `<request>` words found in `by_request` takes
that action instead (every time): answers that do not depend on the order in which
parallel branches call. Every request's JSON body and arrival time (`time.monotonic()`)
is kept in `requests`.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.server_harness import free_port


class StubOpenAI:
    """The stub server; see the module docstring."""

    def __init__(self) -> None:
        self.script: deque[dict[str, Any]] = deque()
        self.default: dict[str, Any] | None = None
        self.by_request: dict[str, dict[str, Any]] = {}
        # answers computed from the request body, after `by_request` and the script
        self.respond: Callable[[dict[str, Any]], Awaitable[dict[str, Any]]] | None = None
        self.delay_s = 0.0  # added before every answer (a slow model)
        self.requests: list[tuple[float, dict[str, Any]]] = []
        self.port = free_port()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """What OPENAI_BASE_URL should be."""
        return f"http://127.0.0.1:{self.port}/v1"

    def push(self, *actions: dict[str, Any]) -> "StubOpenAI":
        """Queue actions, one per coming request."""
        self.script.extend(actions)
        return self

    async def _complete(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append((time.monotonic(), body))
        said = str((body.get("messages") or [{}])[-1].get("content", ""))
        words = said.removeprefix("<request>\n").removesuffix("\n</request>")
        action = self.by_request.get(words) or (
            self.script.popleft() if self.script else
            await self.respond(body) if self.respond else self.default)
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if action is None:
            return JSONResponse({"error": {"message": "no scripted answer"}}, status_code=500)
        if action.get("delay_s"):
            await asyncio.sleep(action["delay_s"])
        if "status" in action:
            headers = {"retry-after": str(action["retry_after"])} if "retry_after" in action \
                else {}
            return JSONResponse({"error": {"message": f"scripted {action['status']}",
                                           "type": "stub"}},
                                status_code=action["status"], headers=headers)
        if "body" in action:
            return Response(action["body"], media_type="application/json")
        content = action["content"]
        prompt = sum(len(str(m.get("content", ""))) for m in body.get("messages", [])) // 4
        return JSONResponse({
            "id": f"chatcmpl-{len(self.requests)}", "object": "chat.completion",
            "created": int(time.time()), "model": body.get("model", "stub"),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": len(content) // 4,
                      "total_tokens": prompt + len(content) // 4}})

    def start(self) -> "StubOpenAI":
        """Serve in a background thread; returns once it accepts connections."""
        app = Starlette(routes=[Route("/v1/chat/completions", self._complete,
                                      methods=["POST"])])
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the stub OpenAI server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        """Stop serving (waits for the thread)."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
