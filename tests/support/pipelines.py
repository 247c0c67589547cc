"""Reading a finished Beam pipeline's result."""


def counters(result, namespace: str) -> dict:
    """Committed counters of one namespace from a finished pipeline result."""
    out = {}
    for c in result.metrics().query()["counters"]:
        if c.key.metric.namespace == namespace:
            out[c.key.metric.name] = out.get(c.key.metric.name, 0) + c.committed
    return out
