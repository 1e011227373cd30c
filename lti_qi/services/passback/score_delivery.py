"""Deliver queued scores to LMS gradebooks: claim, send, record, retry or park.

Several workers may run at once, on several machines. A worker claims a batch of due rows
in one short transaction (``claim_batch``, a job the worker loop commits on its own; on
PostgreSQL with ``FOR UPDATE SKIP LOCKED``, so two workers never take the same row), marks
them *sending* with a lease, and sends them while holding no lock (``deliver_batch``, the
next job). A worker killed mid-send leaves its rows *sending*; once the lease has run out
another worker takes them again, so nothing is lost (the LMS keeps only the newest score, and
every score carries its own timestamp, so a repeat does no harm). A row is never claimed
while an older row for the same column and learner is being sent, so scores arrive in order.

Outcomes: 2xx sent; 404 on the line item means the column was deleted in the LMS: it is
recreated and the score retried; 429, 5xx, timeouts and connection errors retry with
exponential backoff and jitter, honouring ``Retry-After``; a 401 retries once with a fresh
token; other 4xx answers cannot succeed by retrying and are *parked* with the LMS's answer for
an administrator to read and replay. Every attempt is recorded.
"""

from __future__ import annotations

import json
import logging
import random
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
from flask import Flask, current_app
from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import aliased

from lti_qi.extensions import db
from lti_qi.lti import ags
from lti_qi.lti.connector import SERVICE_FAILURES, ServiceError, ToolServiceConnector
from lti_qi.models import Context, LineItemRecord, PassbackAttempt, ResourceLink, ScoreOutbox
from lti_qi.models.base import utc_now
from lti_qi.services.passback import line_items
from lti_qi.services.passback.line_items import Delivery

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
BASE_DELAY_SECONDS = 30.0
MAX_DELAY_SECONDS = 3600.0
RETRYABLE = frozenset({408, 425, 429, 500, 502, 503, 504})
SEND_CONCURRENCY = 8


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt came to."""

    state: str  # sent | retry | parked
    status_code: int | None
    detail: str | None = None
    retry_after: float | None = None


def claim_batch(worker: str, *, limit: int, now: datetime | None = None) -> list[int]:
    """Mark up to ``limit`` due rows as being sent by ``worker``; returns their ids."""
    now = now or utc_now()
    busy = aliased(ScoreOutbox)
    sending_sibling = exists().where(
        busy.line_item_id == ScoreOutbox.line_item_id,
        busy.user_id == ScoreOutbox.user_id,
        busy.id != ScoreOutbox.id,
        busy.state == "sending",
        busy.claimed_at > now - LEASE,
    )
    due = or_(
        and_(ScoreOutbox.state == "pending", ScoreOutbox.next_attempt_at <= now),
        and_(ScoreOutbox.state == "sending", ScoreOutbox.claimed_at <= now - LEASE),
    )
    query = (
        select(ScoreOutbox)
        .where(due, ~sending_sibling)
        .order_by(ScoreOutbox.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    candidates = list(db.session.scalars(query.with_only_columns(ScoreOutbox.id)))
    if not candidates:
        return []
    # The guarded update makes the claim safe where SKIP LOCKED does not exist (SQLite):
    # a row another worker claimed in the meantime is no longer due, so it is not taken.
    claim = f"{worker[:60]}/{secrets.token_hex(8)}"
    db.session.execute(
        update(ScoreOutbox)
        .where(ScoreOutbox.id.in_(candidates), due)
        .values(state="sending", claimed_by=claim, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    claimed = db.session.scalars(
        select(ScoreOutbox.id).where(ScoreOutbox.claimed_by == claim).order_by(ScoreOutbox.id)
    )
    return list(claimed)


def deliver(outbox_id: int, worker: str, *, http: requests.Session | None = None) -> Outcome:
    """Send one claimed score and record the outcome."""
    return deliver_batch([outbox_id], worker, http=http)[0]


def deliver_batch(
    outbox_ids: list[int], worker: str, *, http: requests.Session | None = None
) -> list[Outcome]:
    """Send claimed scores and record their outcomes (in the order of ``outbox_ids``).

    Columns are found or created once per column; the scores then go out side by side,
    ``SEND_CONCURRENCY`` at a time (each to its own learner and column, so order is kept),
    and every outcome is recorded in one transaction.
    """
    rows = _load(outbox_ids, http)
    with db.session.no_autoflush:  # hold no write lock while the scores are out (SQLite)
        failed = _prepare_columns(rows)
    ready = [row for row in rows if row.outbox.id not in failed]
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with ThreadPoolExecutor(max_workers=SEND_CONCURRENCY) as pool:
        results = pool.map(lambda row: _send(app, row), ready)
        sent = dict(zip((row.outbox.id for row in ready), results, strict=True))
    outcomes = []
    for row in rows:
        attempt = failed.get(row.outbox.id) or sent[row.outbox.id]
        outcome = _outcome(row, attempt.error)
        _record(row.outbox, outcome, worker, attempt.duration_ms)
        outcomes.append(outcome)
    return outcomes


@dataclass
class _Row:
    outbox: ScoreOutbox
    delivery: Delivery


@dataclass(frozen=True)
class _Attempt:
    error: Exception | None
    duration_ms: int


def _load(outbox_ids: list[int], http: requests.Session | None) -> list[_Row]:
    """Read the scores with their columns, links and courses in one query."""
    query = (
        select(ScoreOutbox, LineItemRecord, ResourceLink, Context)
        .join(LineItemRecord, LineItemRecord.id == ScoreOutbox.line_item_id)
        .join(ResourceLink, ResourceLink.id == LineItemRecord.resource_link_id)
        .join(Context, Context.id == ResourceLink.context_id)
        .where(ScoreOutbox.id.in_(outbox_ids))
    )
    found = {
        outbox.id: (outbox, item, link, course)
        for outbox, item, link, course in db.session.execute(query)
    }
    rows = []
    for outbox_id in outbox_ids:
        outbox, item, link, course = found[outbox_id]
        rows.append(_Row(outbox, Delivery(link, course, item, http)))
    return rows


def _prepare_columns(rows: list[_Row]) -> dict[int, _Attempt]:
    """Make sure each column exists in the LMS (once per column); return the rows that failed."""
    failed: dict[int, _Attempt] = {}
    shared: dict[int, ToolServiceConnector] = {}
    by_column: dict[int, list[_Row]] = {}
    for row in rows:
        by_column.setdefault(row.delivery.item.id, []).append(row)
    # Columns are prepared in one order (their ids), so workers locking them never deadlock.
    for _, column_rows in sorted(by_column.items()):
        first = column_rows[0].delivery
        started = time.monotonic()
        try:
            first.connector = shared.get(first.link.id) or line_items.connect(first)
            shared[first.link.id] = first.connector
            line_items.ensure(first)
            ags.fetch_score_token(first.connector)
        except (*SERVICE_FAILURES, ags.PassbackUnavailable) as error:
            attempt = _Attempt(error, _elapsed_ms(started))
            failed.update((row.outbox.id, attempt) for row in column_rows)
            continue
        for row in column_rows:
            row.delivery.connector = first.connector
    return failed


def _send(app: Flask, row: _Row) -> _Attempt:
    """Post one score (in a sending thread: HTTP only, no database).

    The thread works in the application's context, so the token cache it reads is this
    application's (not whichever one the cache extension saw last).
    """
    started = time.monotonic()
    with app.app_context():
        try:
            line_items.post_score(row.delivery, row.outbox.payload)
        except SERVICE_FAILURES as error:
            return _Attempt(error, _elapsed_ms(started))
    return _Attempt(None, _elapsed_ms(started))


def _elapsed_ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def replay(outbox_id: int) -> ScoreOutbox:
    """Send a parked score again (an administrator fixed what the LMS complained about)."""
    row = db.session.get_one(ScoreOutbox, outbox_id)
    if row.state == "parked":
        row.state, row.next_attempt_at, row.attempts = "pending", utc_now(), 0
    return row


def _outcome(row: _Row, error: Exception | None) -> Outcome:
    if error is None:
        return Outcome("sent", 200)
    if isinstance(error, ServiceError):
        return _from_response(row.delivery, error.response, row.outbox.last_status)
    return Outcome("retry", None, f"{type(error).__name__}: {error}"[:500])


def _from_response(
    delivery: Delivery, response: requests.Response, previous_status: int | None
) -> Outcome:
    status = response.status_code
    detail = (response.text or "")[:500]
    if status == 404 and line_items.forget(delivery):
        return Outcome(
            "retry", status, "The LMS no longer has this gradebook column; it will be recreated."
        )
    if status == 401 and previous_status != 401:
        line_items.drop_token(delivery)
        return Outcome(
            "retry", status, "The LMS refused the access token; a new one will be requested."
        )
    if status == 409:
        return Outcome("sent", status, "The LMS already has this score or a newer one.")
    if status in RETRYABLE:
        return Outcome("retry", status, detail, ags.retry_after(response))
    return Outcome("parked", status, detail)


def _record(row: ScoreOutbox, outcome: Outcome, worker: str, duration_ms: int) -> None:
    now = utc_now()
    row.attempts += 1
    row.last_status, row.last_error = outcome.status_code, outcome.detail
    row.claimed_by = row.claimed_at = None
    if outcome.state == "sent":
        row.state, row.sent_at = "sent", now
    elif outcome.state == "parked":
        row.state = "parked"
        logger.warning("parked score %s: HTTP %s", row.id, outcome.status_code)
    else:
        row.state, row.next_attempt_at = (
            "pending",
            now + _backoff(row.attempts, outcome.retry_after),
        )
    db.session.add(
        PassbackAttempt(
            outbox_id=row.id,
            worker=worker,
            status_code=outcome.status_code,
            outcome=outcome.state,
            detail=outcome.detail,
            duration_ms=duration_ms,
            attempted_at=now,
        )
    )


def _backoff(attempts: int, retry_after: float | None) -> timedelta:
    """Exponential backoff with ±20% jitter, at least what the LMS asked for."""
    delay = min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** (attempts - 1))
    delay *= random.uniform(0.8, 1.2)  # noqa: S311  (jitter, not security)
    return timedelta(seconds=max(delay, retry_after or 0.0))


def payload_text(row: ScoreOutbox) -> str:
    """Return a row's score document as pretty JSON (for the administrator's view)."""
    return json.dumps(row.payload, indent=2, sort_keys=True)
