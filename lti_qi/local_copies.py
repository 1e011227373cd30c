"""Process-local copies of shared data, refreshed when any process announces a change.

Registrations and content pathways are read on every launch and page, and change rarely.
Each process keeps its own copy and compares a version kept in the shared cache (Redis in
production) at most once a second; a process that changes the data announces a new version,
and every process reloads on its next look. Between two looks a copy can be a second old.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import current_app

from lti_qi import after_commit
from lti_qi.extensions import cache

CHECK_SECONDS = 1.0
T = TypeVar("T")


@dataclass
class _Copy(Generic[T]):
    data: T
    version: str | None = None
    checked_at: float = 0.0


def current(name: str, load: Callable[[], T]) -> T:
    """Return this process's copy of the data called ``name``, loading it again if it changed.

    Args:
        name: What the data is ("platforms", "pathways"): it names the shared version and
            the copy kept in the application's extensions (``lti_qi.<name>``).
        load: Builds a fresh copy (from the database, or an empty cache to fill lazily).
    """
    copy: _Copy[T] | None = current_app.extensions.get(_extension(name))
    now = time.monotonic()
    if copy is not None and copy.version and now - copy.checked_at < CHECK_SECONDS:
        return copy.data
    version = cache.get(_version_key(name)) or announce_change(name)
    if copy is None or copy.version != version:
        fresh = _Copy(load(), version)
        current_app.extensions[_extension(name)] = copy = fresh
    copy.checked_at = now
    return copy.data


def announce_change(name: str) -> str:
    """Tell every process that the data called ``name`` changed; returns the new version."""
    version = uuid.uuid4().hex
    cache.set(_version_key(name), version, timeout=0)
    recheck(name)
    return version


def recheck(name: str) -> None:
    """Compare this process's copy with the shared version on its next look (not a second later).

    For a process that waits on a change another process has just made and announced.
    """
    copy: _Copy[object] | None = current_app.extensions.get(_extension(name))
    if copy is not None:
        copy.checked_at = 0.0


def announce_change_on_commit(name: str) -> None:
    """Announce that ``name`` changed once the current transaction commits (never before)."""
    after_commit.call(("announce", name), lambda: announce_change(name))


def _extension(name: str) -> str:
    return f"lti_qi.{name}"


def _version_key(name: str) -> str:
    return f"{name}-version"
