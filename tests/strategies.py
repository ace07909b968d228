"""Strategies that misbehave on purpose, as a faulty grammar or model would: tests show the
graph's own checks catch them."""

from __future__ import annotations

from typing import Any


class Delegating:
    """A strategy that passes every call to a real one; subclasses change one step."""

    name = "delegating"

    def __init__(self, real: Any):
        self.real = real

    async def screen(self, text):
        return await self.real.screen(text)

    async def decompose(self, request, *, editing, as_of=None):
        return await self.real.decompose(request, editing=editing, as_of=as_of)

    async def tag_dates(self, sub, as_of):
        return await self.real.tag_dates(sub, as_of)

    async def map_facets(self, sub, as_of, *, dates, answered, usage=None):
        return await self.real.map_facets(sub, as_of, dates=dates, answered=answered)


async def run_with(settings: Any, strategy_class: type[Delegating], request: str, as_of: Any):
    """Run `request` on a fresh thread with `strategy_class` wrapped around the real
    strategy of `settings`; returns the `RunResult`."""
    from graphs.runner import Runner

    async with Runner(settings) as plain:
        strategy = strategy_class(plain.services.strategy())
    async with Runner(settings, strategy=strategy) as runner:
        return await runner.run(request, as_of=as_of)
