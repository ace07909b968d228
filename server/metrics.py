"""Prometheus metrics of the server (`GET /metrics`): runs by status, run and node latency,
HTTP requests, and the fallbacks taken (semantic search down, a model strategy failing)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

__all__ = ["REGISTRY", "RUNS", "RUN_SECONDS", "NODE_SECONDS", "REQUESTS", "FALLBACKS"]

REGISTRY = CollectorRegistry()
RUNS = Counter("seggraph_runs", "Runs by how they ended.", ["status"], registry=REGISTRY)
RUN_SECONDS = Histogram("seggraph_run_seconds", "Run duration, seconds.", registry=REGISTRY)
NODE_SECONDS = Histogram("seggraph_node_seconds", "Node duration, seconds.", ["node"],
                         registry=REGISTRY)
REQUESTS = Counter("seggraph_http_requests", "HTTP requests by route and status code.",
                   ["route", "code"], registry=REGISTRY)
FALLBACKS = Counter("seggraph_fallbacks", "Fallbacks taken, by kind.", ["kind"],
                    registry=REGISTRY)
