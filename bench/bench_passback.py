"""Grade passback benchmark: queued scores delivered by `lti-qi worker` to an AGS endpoint.

The LMS is lti-qi's sandbox platform served by gunicorn (`lti-qi serve`, 2 workers) on
127.0.0.1, with PostgreSQL and Redis: its AGS endpoints check bearer tokens, line items and
strictly increasing timestamps, and store every score. Learners' progress changes queue
their scores through the real code path (`passback.queue_progress`), 14 per learner (a score
and a CPD column for each of the default pathway's seven modules).

It prints:
- throughput: scores delivered per second draining a backlog of ``--scores`` with one
  worker process, then (a fresh backlog) with two;
- latency: time from a progress change (its commit) to the score's delivery, for progress
  changes arriving steadily while one worker runs.

Usage: .venv/bin/python bench/bench_passback.py [--scores 10000] [--latency-changes 100]
Needs PostgreSQL on 127.0.0.1:5432 (trust auth) and Redis on 127.0.0.1:6379.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench_common import (
    cpu_seconds,
    fresh_database,
    lti_qi_environment,
    start_lti_qi,
    wait_until_serving,
)
from passback_cohorts import Cohorts

PORT = 8775
BASE_URL = f"http://127.0.0.1:{PORT}"
PG_DATABASE = "ltiqi_bench_passback"
DATABASE_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/13"
COLUMNS_PER_LEARNER = 14


def environment(instance: Path) -> dict[str, str]:
    """Settings shared by the server, the workers and the seeding (sandbox on, PostgreSQL)."""
    shared = lti_qi_environment(
        instance, base_url=BASE_URL, database_url=DATABASE_URL, redis_url=REDIS_URL, port=PORT
    )
    return {
        **shared,
        "LTI_QI_ENV": "development",
        "LTI_QI_SECRET_KEY": "bench-passback-secret-key-not-for-production-use-000",
    }


def drain(cohorts: Cohorts, env: dict[str, str], workers: int, expected: int) -> float:
    """Run ``workers`` worker processes until the backlog is sent; return scores per second.

    The time is from the release of the backlog to the last score's delivery, as the
    database recorded it; the harness looks only twice a second, to stay out of the way.
    """
    released = cohorts.release()
    processes = [
        start_lti_qi(env, "worker", "--name", f"bench-{n}", "--interval", "0.1")
        for n in range(workers)
    ]
    try:
        while cohorts.unsent():
            time.sleep(0.5)
            if any(process.poll() is not None for process in processes):
                raise SystemExit(processes[0].stderr.read().decode() if processes[0].stderr else "")
        worker_cpu = sum(cpu_seconds(process.pid) for process in processes)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
    rate = expected / (cohorts.last_sent_at() - released).total_seconds()
    print(f"  worker CPU per score: {worker_cpu / expected * 1000:.2f} ms")
    return rate


def latency(cohorts: Cohorts, env: dict[str, str], changes: int) -> list[float]:
    """Progress changes arrive steadily (5 a second, 70 scores) while one worker runs."""
    last_id = cohorts.last_outbox_id()
    worker = start_lti_qi(env, "worker", "--name", "bench-latency", "--interval", "0.05")
    try:
        with cohorts.app.app_context():
            for _ in range(changes):
                cohorts.progress(cohorts.learner())
                time.sleep(0.2)
        deadline = time.monotonic() + 120
        while cohorts.unsent() and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return cohorts.latencies(last_id)


def percentile(values: list[float], share: float) -> float:
    """Return the value below which ``share`` of ``values`` fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    """Seed, serve the sandbox, drain with one then two workers, then measure latency."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scores", type=int, default=10_000)
    parser.add_argument("--latency-changes", type=int, default=100)
    options = parser.parse_args()
    learners = -(-options.scores // COLUMNS_PER_LEARNER)
    expected = learners * COLUMNS_PER_LEARNER
    fresh_database(PG_DATABASE, REDIS_URL)
    with tempfile.TemporaryDirectory() as instance:
        env = environment(Path(instance))
        cohorts = Cohorts(env)
        server = start_lti_qi(env, "serve", "--workers", "2")
        wait_until_serving(server, BASE_URL)
        try:
            cohorts.register()
            seeded = time.perf_counter()
            cohorts.queue(learners)
            took = time.perf_counter() - seeded
            print(f"queued {expected} scores for {learners} learners in {took:.1f} s")
            one = drain(cohorts, env, 1, expected)
            print(f"1 worker:  {one:7.1f} scores/s")
            cohorts.queue(learners)
            two = drain(cohorts, env, 2, expected)
            print(f"2 workers: {two:7.1f} scores/s ({two / one:.2f}x)")
            waits = latency(cohorts, env, options.latency_changes)
            print(
                f"latency, progress change to delivery ({len(waits)} scores): "
                f"p50 {percentile(waits, 0.5) * 1000:.0f} ms, "
                f"p95 {percentile(waits, 0.95) * 1000:.0f} ms, "
                f"mean {statistics.fmean(waits) * 1000:.0f} ms, max {max(waits) * 1000:.0f} ms"
            )
            print(f"outbox: {cohorts.counts()}")
            print(f"target: >= 200 scores/s with one worker: {'met' if one >= 200 else 'NOT met'}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
