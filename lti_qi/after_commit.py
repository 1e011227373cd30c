"""Work that must wait until the current transaction commits, and is dropped if it rolls back.

Shared caches are cleared this way: clearing one before the change is committed would let
another request read the old rows and cache them again. Releasing or undoing a savepoint
does not end the transaction, so it neither runs nor drops the waiting work.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from sqlalchemy import event
from sqlalchemy.orm import Session

from lti_qi.extensions import db

_PENDING = "lti_qi.after_commit"


def call(key: Hashable, work: Callable[[], object], *, session: Session | None = None) -> None:
    """Run ``work`` once the transaction commits; a second call with the same key replaces it.

    Args:
        key: names the work, so asking twice in one transaction runs it once.
        work: what to run; it runs in the committing thread, after the commit.
        session: the session whose transaction to wait for (default: the app's session).
    """
    owner = session if session is not None else db.session()
    owner.info.setdefault(_PENDING, {})[key] = work


@event.listens_for(Session, "after_commit")
def _run_pending(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint was released: the transaction goes on
        return
    for work in session.info.pop(_PENDING, {}).values():
        work()


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    if session.in_nested_transaction():  # only a savepoint was undone
        return
    session.info.pop(_PENDING, None)
