"""Health of a running lti-qi: can it reach, and use, what every request needs?

Load balancers and supervisors ask two questions: is the process alive (it answers at all),
and is it ready to serve (its database answers at the schema this code expects, its signing
key can be decrypted, its shared cache answers). A process that is alive but not ready should
get no traffic until it is; one that is not alive should be restarted. Each failed check
logs one line (no traceback): a load balancer asks every few seconds during an outage.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import text

from lti_qi.extensions import cache, db
from lti_qi.lti import tool_keys
from lti_qi.services.platforms.setup import schema_revisions

logger = logging.getLogger(__name__)
PROBE_KEY = "health-probe"


def readiness_problems() -> list[str]:
    """Return what stops this process from serving requests (nothing, when it is ready)."""
    checks: list[tuple[str, Callable[[], str | None]]] = [
        ("The database does not answer: check database_url and the server.", _database),
        ("The shared cache does not answer: check redis_url and Redis.", _cache),
    ]
    problems = []
    for failure, check in checks:
        try:
            problem = check()
        except Exception as error:  # any driver or client error means "not ready"
            logger.error("Readiness: %s (%s: %s)", failure, type(error).__name__, error)
            problem = failure
        finally:
            db.session.rollback()
        if problem:
            problems.append(problem)
    return problems


def _database() -> str | None:
    db.session.execute(text("SELECT 1"))
    current, head = schema_revisions()
    if current != head:
        schema = current or "nothing"
        problem = f"The database schema is at {schema}, not {head}: run `lti-qi setup`."
        logger.error("Readiness: %s", problem)
        return problem
    return _signing_key()


def _signing_key() -> str | None:
    if tool_keys.current_key() is None:
        return None
    try:
        tool_keys.current_signing_key()
    except RuntimeError as error:
        logger.error("Readiness: %s", error)
        return "The signing key cannot be decrypted: check key_encryption_key (and secret_key)."
    return None


def _cache() -> str | None:
    cache.set(PROBE_KEY, 1, timeout=60)
    if cache.get(PROBE_KEY) != 1:
        logger.error("Readiness: the shared cache lost a value it was given")
        return "The shared cache lost a value it was given: check Redis."
    return None
