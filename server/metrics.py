"""Prometheus metrics of the server (`GET /metrics`): runs by status, run and node latency,
HTTP requests, and the fallbacks taken (semantic search down, a model strategy failing)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

__all__ = ["REGISTRY", "RUNS", "RUN_SECONDS", "NODE_SECONDS", "REQUESTS", "FALLBACKS",
           "MODEL_CALLS", "MODEL_TOKENS", "MODEL_SECONDS", "count_model_usage"]

REGISTRY = CollectorRegistry()
RUNS = Counter("seggraph_runs", "Runs by how they ended.", ["status"], registry=REGISTRY)
RUN_SECONDS = Histogram("seggraph_run_seconds", "Run duration, seconds.", registry=REGISTRY)
NODE_SECONDS = Histogram("seggraph_node_seconds", "Node duration, seconds.", ["node"],
                         registry=REGISTRY)
REQUESTS = Counter("seggraph_http_requests", "HTTP requests by route and status code.",
                   ["route", "code"], registry=REGISTRY)
FALLBACKS = Counter("seggraph_fallbacks", "Fallbacks taken, by kind.", ["kind"],
                    registry=REGISTRY)
MODEL_CALLS = Counter("seggraph_model_calls", "Chat-model requests sent, by node.", ["node"],
                      registry=REGISTRY)
MODEL_TOKENS = Counter("seggraph_model_tokens", "Chat-model tokens, by node and direction "
                       "(input, output).", ["node", "direction"], registry=REGISTRY)
MODEL_SECONDS = Counter("seggraph_model_seconds", "Time spent in chat-model calls, seconds, by "
                        "node.", ["node"], registry=REGISTRY)


def count_model_usage(usage: dict) -> None:
    """Add one node's `model_usage` write ({node: Usage}) to the model counters; its
    fallbacks count as `seggraph_fallbacks{kind="model"}`."""
    for node, used in usage.items():
        MODEL_CALLS.labels(node=node).inc(used.calls)
        MODEL_TOKENS.labels(node=node, direction="input").inc(used.input_tokens)
        MODEL_TOKENS.labels(node=node, direction="output").inc(used.output_tokens)
        MODEL_SECONDS.labels(node=node).inc(used.ms / 1000)
        if used.fallbacks:
            FALLBACKS.labels(kind="model").inc(used.fallbacks)
