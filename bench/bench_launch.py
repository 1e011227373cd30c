"""Launch benchmark: simulated learners launching lti-qi over HTTP against the production server.

The script plays the LMS: it serves a platform key set on 127.0.0.1, registers itself in
lti-qi, and for every launch runs the whole LTI 1.3 flow as a browser and a platform would:
OIDC login initiation -> redirect to the platform -> a freshly RS256-signed id_token ->
launch POST -> the landing page. lti-qi runs as in production: ``lti-qi serve`` (gunicorn,
2 workers), PostgreSQL, Redis, ``LTI_QI_ENV=production`` behind a (simulated) TLS proxy.

It prints launches per second, p50/p95/p99 latency of a complete launch, errors, and the
server's CPU time per launch (from /proc accounting of the gunicorn master and workers), and
the in-process floor: validating one id_token with the platform key cached. So that figures
from different machines can be compared, it also prints the generator's own CPU per launch
and the server's CPU for the cheapest request it has (``/healthz``, which touches nothing)
under the same concurrency: no request of the launch flow can cost less than that.

Usage: .venv/bin/python bench/bench_launch.py [--learners 32] [--launches 20] [--workers 2]
                                              [--rate LAUNCHES_PER_SECOND]
Needs PostgreSQL on 127.0.0.1:5432 (trust auth) and Redis on 127.0.0.1:6379.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jwt
import requests

from bench_common import (
    BIN,
    fresh_database,
    lti_qi_environment,
    process_tree_cpu_seconds,
    start_lti_qi,
    wait_until_serving,
)
from simulated_lms import (
    BASE_URL,
    CLIENT_ID,
    DEPLOYMENT_ID,
    ISSUER,
    PORT,
    BehindTlsProxy,
    Platform,
    launch_once,
)

PG_DATABASE = "ltiqi_bench"
REDIS_URL = "redis://127.0.0.1:6379/14"


def environment(instance: Path, workers: int, database_url: str) -> dict[str, str]:
    """Production settings for the server under test."""
    shared = lti_qi_environment(
        instance, base_url=BASE_URL, database_url=database_url, redis_url=REDIS_URL, port=PORT
    )
    return {
        **shared,
        "LTI_QI_ENV": "production",
        "LTI_QI_SECRET_KEY": secrets.token_urlsafe(48),
        "LTI_QI_TRUSTED_PROXIES": "1",
        "LTI_QI_WORKERS": str(workers),
    }


def run_cli(env: dict[str, str], *args: str) -> None:
    """Run an lti-qi command and stop on failure."""
    subprocess.run([str(BIN / "lti-qi"), *args], env=env, check=True, stdout=subprocess.DEVNULL)


def start_server(env: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    """Start ``lti-qi serve`` and wait until it answers."""
    server = start_lti_qi(env, "serve", "--workers", str(workers), stderr=subprocess.DEVNULL)
    wait_until_serving(server, f"http://127.0.0.1:{PORT}")
    return server


@dataclass(frozen=True)
class Pace:
    """When each learner launches: back to back (``rate`` 0), or spread to ``rate`` a second."""

    learners: int
    rate: float

    def start_of(self, number: int, launch: int, origin: float) -> float | None:
        """Return when a learner's launch is due (perf_counter time), or None for "now"."""
        if not self.rate:
            return None
        return origin + (number + launch * self.learners) / self.rate


def learner(
    platform: Platform,
    number: int,
    launches: int,
    pace: Pace,
    origin: float,
    results: tuple[list[float], list[str]],
) -> None:
    """One simulated learner: a browser session launching ``launches`` times.

    With a pace, latency counts from when a launch was due, so a server that falls behind
    is not excused by the learners waiting for it (no coordinated omission).
    """
    latencies, errors = results
    session = BehindTlsProxy()
    sub = f"learner-{number}"
    course = f"course-{number % 8}"
    for launch in range(launches):
        due = pace.start_of(number, launch, origin)
        if due is not None:
            time.sleep(max(0.0, due - time.perf_counter()))
        started = due if due is not None else time.perf_counter()
        try:
            launch_once(session, platform, sub, course)
            latencies.append(time.perf_counter() - started)
        except (requests.RequestException, RuntimeError) as error:
            errors.append(str(error))


def measure(platform: Platform, server_pid: int, launches: int, pace: Pace) -> dict[str, float]:
    """Run the concurrent learners and return throughput, latency and CPU figures."""
    latencies: list[float] = []
    errors: list[str] = []
    learners = pace.learners
    cpu_before = process_tree_cpu_seconds(server_pid)
    generator_before = time.process_time()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=learners) as pool:
        for number in range(learners):
            pool.submit(learner, platform, number, launches, pace, started, (latencies, errors))
    elapsed = time.perf_counter() - started
    cpu = process_tree_cpu_seconds(server_pid) - cpu_before
    generator_cpu = time.process_time() - generator_before
    done = len(latencies)
    quantiles = statistics.quantiles(latencies, n=100) if done > 1 else [0.0] * 99
    if errors:
        print("first error:", errors[0])
    return {
        "launches": done,
        "errors": len(errors),
        "seconds": elapsed,
        "per_second": done / elapsed,
        "p50_ms": quantiles[49] * 1000,
        "p95_ms": quantiles[94] * 1000,
        "p99_ms": quantiles[98] * 1000,
        "cpu_ms_per_launch": cpu * 1000 / max(done, 1),
        "generator_ms_per_launch": generator_cpu * 1000 / max(done, 1),
    }


def trivial_request_cpu_ms(server_pid: int, clients: int, requests_each: int = 100) -> float:
    """Return the server's CPU milliseconds per ``/healthz`` request, at the same concurrency.

    ``/healthz`` touches no database, cache or template: what it costs is the server, the
    HTTP exchange, Flask and the access log, which every request of a launch pays too.
    """

    def ask(_: int) -> None:
        with requests.Session() as session:
            for _ in range(requests_each):
                session.get(f"http://127.0.0.1:{PORT}/healthz").raise_for_status()

    cpu_before = process_tree_cpu_seconds(server_pid)
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(ask, range(clients)))
    return (process_tree_cpu_seconds(server_pid) - cpu_before) * 1000 / (clients * requests_each)


def validation_floor(platform: Platform, repetitions: int = 2000) -> float:
    """Return microseconds to validate one id_token (signature and claims) with the key cached."""
    public_key = jwt.PyJWK(platform.jwks["keys"][0], algorithm="RS256").key
    token = platform.id_token("floor", "nonce", "course-0")
    started = time.perf_counter()
    for _ in range(repetitions):
        jwt.decode(
            token, public_key, algorithms=["RS256"], audience=CLIENT_ID, issuer=ISSUER, leeway=60
        )
    return (time.perf_counter() - started) / repetitions * 1e6


def main() -> None:
    """Set up the server, warm it up, measure, and print the figures."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--learners", type=int, default=32)
    options.add_argument("--launches", type=int, default=20, help="launches per learner")
    options.add_argument("--workers", type=int, default=2)
    options.add_argument(
        "--rate",
        type=float,
        default=0.0,
        help="launches per second for all learners together (default 0: back to back)",
    )
    args = options.parse_args()

    platform = Platform()
    jwks_server = platform.serve_jwks()
    database_url = fresh_database(PG_DATABASE, REDIS_URL)
    with tempfile.TemporaryDirectory() as instance:
        env = environment(Path(instance), args.workers, database_url)
        run_cli(env, "setup")
        run_cli(
            env,
            "platform",
            "add",
            "--issuer",
            ISSUER,
            "--client-id",
            CLIENT_ID,
            "--deployment-id",
            DEPLOYMENT_ID,
            "--auth-login-url",
            f"{ISSUER}/auth",
            "--auth-token-url",
            f"{ISSUER}/token",
            "--key-set-url",
            f"{ISSUER}/jwks",
        )
        server = start_server(env, args.workers)
        try:
            measure(platform, server.pid, 5, Pace(learners=4, rate=0.0))
            figures = measure(platform, server.pid, args.launches, Pace(args.learners, args.rate))
            figures["trivial_request_ms"] = trivial_request_cpu_ms(server.pid, args.learners)
        finally:
            server.terminate()
            server.wait(timeout=10)
    jwks_server.shutdown()
    report(args, figures, validation_floor(platform))


def report(args: argparse.Namespace, figures: dict[str, float], floor_us: float) -> None:
    """Print the figures."""
    print(
        f"lti-qi launch benchmark: {args.learners} concurrent learners x {args.launches} "
        f"launches, gunicorn {args.workers} workers, PostgreSQL, Redis, 127.0.0.1"
    )
    pace = f"{args.rate:g} launches a second in all" if args.rate else "back to back"
    print(f"  learners launch      {pace}")
    print(
        f"  launches completed   {figures['launches']:.0f} in {figures['seconds']:.1f} s, "
        f"errors {figures['errors']:.0f}"
    )
    print(f"  launches per second  {figures['per_second']:.1f}")
    print(
        f"  latency per launch   p50 {figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms, "
        f"p99 {figures['p99_ms']:.1f} ms"
    )
    print(
        f"  server CPU / launch  {figures['cpu_ms_per_launch']:.2f} ms "
        "(login + launch + landing page, all workers)"
    )
    print(f"  in-process floor     {floor_us:.0f} us to validate one id_token (RS256, key cached)")
    print(
        f"  this machine         {figures['trivial_request_ms']:.2f} ms server CPU for a request "
        f"that does nothing (/healthz); the generator used {figures['generator_ms_per_launch']:.2f}"
        " ms CPU per launch"
    )


if __name__ == "__main__":
    main()
