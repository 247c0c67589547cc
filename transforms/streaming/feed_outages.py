"""Whether a stream's poll of a feed is news, the same rule for both stream engines (the local
micro-batch driver and the Beam graph's poll source): a feed that stays down is one error row
when it goes down, not one per poll or window."""

from typing import Optional

from transforms.core.record import stable_id

__all__ = ["is_down", "outage_goes_on", "poll_seen"]

_UP = "up"  # answered 304: the feed is back, and its body did not change


def is_down(seen: Optional[str]) -> bool:
    """``seen`` (from ``poll_seen``) says the feed's last poll failed."""
    return seen is not None and (seen == "raised" or seen.startswith("down "))


def poll_seen(before: Optional[str], result) -> str:
    """What a poll's answer says of its feed, to compare with the last poll's (``before``): the
    hash of a 200's body (a feed without validators answers 200 every time: its body says if it
    changed), else the failure; ``result`` None: the poll raised. Any failure after a failure is
    the same outage, and ``before`` (its first failure, the one its error row tells) is kept: a
    server flapping 502/503/timeout, a host refusing then resetting, its breaker opening
    (``host_unavailable``) or the source's breaker reset every tick making a feed alternate
    ``host_unavailable``/``fetch_error`` with thread order are all one outage, one row. A 304
    ends an outage (the next failure is a new one) and otherwise leaves ``before`` as it was."""
    failed = result is None or not result.ok
    if failed and is_down(before):
        return before
    if result is None:
        return "raised"
    if result.not_modified:
        return _UP if before is None or is_down(before) else before
    if result.ok:
        return stable_id((result.body or b"").decode("latin-1"))
    return f"down {result.error} {result.status}"


def outage_goes_on(before: Optional[str], seen: str) -> bool:
    """The poll failed after the last one failed (``seen``, from ``poll_seen(before, ...)``): the
    outage goes on, and its error row was written when it began."""
    return is_down(seen) and seen == before
