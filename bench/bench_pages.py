"""Page benchmark: the learner's pathway and the designer's class progress, 2,000 learners.

Builds a fresh database holding one course of 2,000 learners with a progress row for every
activity of the default pack's 7 modules (112,000 rows, varied statuses, scores and dates),
then measures pages in-process with the Flask test client: p50/p95 over N requests and the
SQL statements each page runs (counted with a ``before_cursor_execute`` listener). The
statement count must not grow with the number of learners (run with ``--learners 200`` to
compare); only the CSV export, which streams the whole roster, adds two statements per 500
learners. Target (issue 3): class progress under 200 ms for 2,000 learners.

The people are real sandbox launches (as in the tests: the sandbox LMS signs id_tokens, the
tool fetches its key set in-process through ``tests/launching.py``'s ``WsgiTransport``).

Usage, from the repository root:

    .venv/bin/python bench/bench_pages.py [--learners 2000] [--requests 50] [--postgres]

SQLite (a file in a temporary folder) by default; ``--postgres`` uses the database
``ltiqi_pages_bench`` on 127.0.0.1:5432, dropped and created fresh.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # run from a checkout; reuse the test launcher

import sqlalchemy as sa  # noqa: E402
from flask import Flask  # noqa: E402

from lti_qi import create_app, demo  # noqa: E402
from lti_qi.domain.course import ActivityStatus  # noqa: E402
from lti_qi.extensions import db  # noqa: E402
from lti_qi.models import ActivityProgress, Context, Membership, User  # noqa: E402
from lti_qi.models.base import utc_now  # noqa: E402
from lti_qi.services.content import packs, pathways  # noqa: E402

from bench_common import fresh_database  # noqa: E402
from launching import LaunchDriver, Launched, route_in_process  # noqa: E402

BASE_URL = "http://tool.test"
PG_DATABASE = "ltiqi_pages_bench"
COURSE = "QI-101"
WARM_UP = 3
INSERT_BATCH = 10_000


def database_url(use_postgres: bool, folder: Path) -> str:
    """Return the URL of a fresh, empty benchmark database."""
    if not use_postgres:
        return f"sqlite:///{folder / 'pages-bench.sqlite3'}"
    return fresh_database(PG_DATABASE)


def build_app(url: str, folder: Path) -> Flask:
    """Create the tool with the sandbox LMS, migrated, keyed and with the default pack."""
    app = create_app({"env": "test", "database_url": url, "instance_path": str(folder)})
    demo.mount_sandbox(app)
    route_in_process(app, BASE_URL)
    with app.app_context():
        demo.prepare_demo(app)
        demo.register_sandbox(app)
    return app


def seed_course(app: Flask, learners: int, rng: random.Random) -> int:
    """Enrol ``learners`` learners with a progress row on every activity; return the rows."""
    with app.app_context():
        context_id = db.session.scalar(
            sa.select(Context.id).where(Context.lti_context_id == COURSE)
        )
        aisha = db.session.scalar(sa.select(User.id).where(User.sub == "learner-aisha"))
        user_ids = [aisha, *enrol_learners(context_id, learners - 1)]
        activities = list(pathways.pathway(packs.DEFAULT_PACK).activities())
        rows = [
            row
            for user_id in user_ids
            for row in progress_rows(user_id, context_id, activities, rng)
        ]
        for start in range(0, len(rows), INSERT_BATCH):
            db.session.execute(sa.insert(ActivityProgress), rows[start : start + INSERT_BATCH])
        db.session.commit()
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        return len(rows)


def enrol_learners(context_id: int, count: int) -> list[int]:
    """Add ``count`` learners to the course, as their launches would; return their ids."""
    users = [
        User(issuer="https://bench.test", sub=f"bench-{n}", name=f"Learner {n:05d}")
        for n in range(count)
    ]
    db.session.add_all(users)
    db.session.flush()
    db.session.add_all(
        Membership(user_id=user.id, context_id=context_id, roles=["learner"], lti_roles=[])
        for user in users
    )
    return [user.id for user in users]


def progress_rows(
    user_id: int, context_id: int, activities: list, rng: random.Random
) -> list[dict]:
    """One learner's rows: complete up to a random depth, then a mix of later states."""
    depth = rng.randint(0, len(activities))
    now = utc_now()
    rows = []
    for position, activity in enumerate(activities):
        if position < depth:
            status = ActivityStatus.COMPLETE if rng.random() < 0.9 else ActivityStatus.SUBMITTED
        else:
            status = rng.choice((ActivityStatus.NOT_STARTED, ActivityStatus.IN_PROGRESS))
        moment = now - timedelta(days=rng.uniform(0, 60))
        is_check = activity.kind == "knowledge_check" and position < depth
        rows.append(
            {
                "user_id": user_id,
                "context_id": context_id,
                "item_id": activity.id,
                "status": status,
                "score": round(rng.uniform(40, 100), 1) if is_check else None,
                "attempts": 1,
                "time_spent_seconds": rng.randint(60, 1800),
                "started_at": moment,
                "updated_at": moment,
            }
        )
    return rows


def measure(app: Flask, person: Launched, path: str, requests: int) -> dict[str, float]:
    """Time ``requests`` GETs of a page (body read, so streamed pages count); count its SQL."""
    for _ in range(WARM_UP):
        fetch(person, path)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        fetch(person, path)
        timings.append((time.perf_counter() - started) * 1000)
    quantiles = statistics.quantiles(timings, n=100)
    statements = count_statements(app, lambda: fetch(person, path))
    return {"p50": quantiles[49], "p95": quantiles[94], "statements": statements}


def fetch(person: Launched, path: str) -> bytes:
    """GET a page and read its whole body."""
    response = person.get(path)
    body = response.get_data()
    response.close()
    assert response.status_code == 200, path
    return body


def count_statements(app: Flask, request: Callable[[], object]) -> int:
    """Return how many SQL statements one request runs."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        request()
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def main() -> None:
    """Build the course, measure the pages, print the table."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--learners", type=int, default=2000)
    options.add_argument("--requests", type=int, default=50)
    options.add_argument("--postgres", action="store_true", help="use PostgreSQL on 127.0.0.1")
    args = options.parse_args()
    with tempfile.TemporaryDirectory(prefix="lti-qi-pages-bench-") as folder:
        app = build_app(database_url(args.postgres, Path(folder)), Path(folder))
        driver = LaunchDriver(app, BASE_URL)
        designer = driver.launch(sub="designer-fatima", course=COURSE)
        learner = driver.launch(sub="learner-aisha", course=COURSE)
        learner.get()
        started = time.perf_counter()
        rows = seed_course(app, args.learners, random.Random(2026))
        seeded = time.perf_counter() - started
        results = [
            (label, measure(app, person, path, args.requests))
            for label, person, path in pages(learner, designer)
        ]
        with app.app_context():
            db.engine.dispose()
    report(args, rows, seeded, results)


def pages(learner: Launched, designer: Launched) -> list[tuple[str, Launched, str]]:
    """Return the pages to measure: label, who asks, and the path."""
    return [
        ("learner pathway", learner, ""),
        ("learner module page", learner, "modules/aim"),
        ("designer class progress", designer, "designer/"),
        ("  sorted by progress, page 3", designer, "designer/?order=progress&page=3"),
        ("designer CSV (whole roster)", designer, "designer/progress.csv"),
    ]


def report(args: argparse.Namespace, rows: int, seeded: float, results: list) -> None:
    """Print the figures as a small table."""
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"lti-qi page benchmark: {args.learners} learners x 7 modules ({rows} progress rows, "
        f"seeded in {seeded:.1f} s), {engine}, {args.requests} requests per page, in-process"
    )
    print(f"  {'page':<32} {'p50 ms':>8} {'p95 ms':>8} {'SQL statements':>15}")
    for label, figures in results:
        print(
            f"  {label:<32} {figures['p50']:>8.1f} {figures['p95']:>8.1f} "
            f"{figures['statements']:>15}"
        )


if __name__ == "__main__":
    main()
