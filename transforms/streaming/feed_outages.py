"""Whether a stream's poll of a feed is news, the same rule for both stream engines (the local
micro-batch driver and the Beam graph's poll source): a feed that stays down is one error row
when it goes down, not one per poll or window."""

from typing import Optional

from transforms.core.record import stable_id

__all__ = ["outage_goes_on", "poll_seen"]

_UP = "up"  # answered 304: the feed is back, and its body did not change


def _down(seen: Optional[str]) -> bool:
    return seen is not None and (seen == "raised" or seen.startswith("down "))


def poll_seen(before: Optional[str], result) -> str:
    """What a poll's answer says of its feed, to compare with the last poll's (``before``): the
    hash of a 200's body (a feed without validators answers 200 every time: its body says if it
    changed), else the failure; ``result`` None: the poll raised. A feed that stays down is one
    error row when it goes down, not one per window; its host's breaker opening after a few of
    its failures (``host_unavailable``) is that same outage, not a new one. A 304 ends an outage
    (the next failure is a new one) and otherwise leaves ``before`` as it was."""
    if result is None:
        return "raised"
    if result.ok and result.not_modified:
        return _UP if before is None or _down(before) else before
    if result.ok:
        return stable_id((result.body or b"").decode("latin-1"))
    if result.error == "host_unavailable" and before is not None and before.startswith("down "):
        return before
    return f"down {result.error} {result.status}"


def outage_goes_on(before: Optional[str], seen: str) -> bool:
    """The poll failed as the last one did (``seen``, from ``poll_seen(before, ...)``): the outage
    goes on, and its error row was written when it began."""
    return _down(seen) and seen == before
