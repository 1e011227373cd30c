"""Switchable LMS outages: the sandbox's services answer 503 or 429, or slowly, on demand.

Tests and demos switch an outage on (``POST /sandbox/api/outage``) to show lti-qi riding out
an LMS that is down, throttling, or slow; every token, AGS and NRPS call passes through
``apply`` first.
"""

from __future__ import annotations

import time
from typing import Any

from flask import abort, jsonify, make_response

from lti_qi.sandbox import cache

OUTAGE_KEY = "sandbox-outage"


def start(body: dict[str, Any]) -> None:
    """Make the next service calls fail or slow down, as ``body`` describes."""
    cache.set(
        OUTAGE_KEY,
        {
            "status": int(body.get("status", 503)),
            "remaining": body.get("requests"),
            "until": time.time() + float(body["seconds"]) if body.get("seconds") else None,
            "retry_after": body.get("retry_after"),
            "delay_seconds": float(body.get("delay_seconds", 0)),
        },
        timeout=0,
    )


def end() -> None:
    """End the outage."""
    cache.delete(OUTAGE_KEY)


def apply() -> None:
    """Answer this call as the current outage says: fail, slow down, or let it through."""
    state = cache.get(OUTAGE_KEY)
    if not state:
        return
    expired = state["until"] is not None and time.time() > state["until"]
    if expired or state["remaining"] == 0:
        cache.delete(OUTAGE_KEY)
        return
    if state["remaining"] is not None:
        cache.set(OUTAGE_KEY, {**state, "remaining": state["remaining"] - 1}, timeout=0)
    if state["delay_seconds"]:
        time.sleep(state["delay_seconds"])
    if state["status"] >= 400:
        headers = (
            {"Retry-After": str(state["retry_after"])} if state["retry_after"] is not None else {}
        )
        abort(make_response(jsonify(error="sandbox outage"), state["status"], headers))
