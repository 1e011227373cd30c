"""Health of a running lti-qi: can it reach what every request needs?

Load balancers and supervisors ask two questions: is the process alive (it answers at all),
and is it ready to serve (its database and shared cache answer). A process that is alive but
not ready should get no traffic until it is; one that is not alive should be restarted.
"""

from __future__ import annotations

import logging

from sqlalchemy import text

from lti_qi.extensions import cache, db

logger = logging.getLogger(__name__)
PROBE_KEY = "health-probe"


def readiness_problems() -> list[str]:
    """Return what stops this process from serving requests (nothing, when it is ready)."""
    problems = []
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not ready"; the log keeps the detail
        logger.exception("Readiness: the database did not answer")
        problems.append("The database does not answer: check database_url and the server.")
    finally:
        db.session.rollback()
    try:
        cache.set(PROBE_KEY, 1, timeout=60)
        if cache.get(PROBE_KEY) != 1:
            problems.append("The shared cache lost a value it was given: check Redis.")
    except Exception:  # as above, for the cache client's errors
        logger.exception("Readiness: the shared cache did not answer")
        problems.append("The shared cache does not answer: check redis_url and Redis.")
    return problems
