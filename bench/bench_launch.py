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
import json
import os
import secrets
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from bench_common import BIN, fresh_database, process_tree_cpu_seconds

PORT = 8765
PLATFORM_PORT = 8766
BASE_URL = f"https://127.0.0.1:{PORT}"
ISSUER = f"http://127.0.0.1:{PLATFORM_PORT}"
CLIENT_ID = "bench-client"
DEPLOYMENT_ID = "bench-deployment"
PG_DATABASE = "ltiqi_bench"
REDIS_URL = "redis://127.0.0.1:6379/14"
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"


class Platform:
    """The benchmark's LMS: one RSA key, published as a JWKS, signing id_tokens."""

    def __init__(self) -> None:
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.pem = self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        jwk = RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        self.jwks = {"keys": [{**jwk, "kid": "bench-key", "alg": "RS256", "use": "sig"}]}

    def id_token(self, sub: str, nonce: str, course: str) -> str:
        """Sign a learner's resource-link launch."""
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": sub,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "name": f"Learner {sub}",
            CLAIM + "version": "1.3.0",
            CLAIM + "message_type": "LtiResourceLinkRequest",
            CLAIM + "deployment_id": DEPLOYMENT_ID,
            CLAIM + "target_link_uri": f"{BASE_URL}/lti/launch",
            CLAIM + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
            CLAIM + "resource_link": {"id": f"{course}-pathway", "title": "QI pathway"},
            CLAIM + "context": {"id": course, "label": course, "title": f"Course {course}"},
        }
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": "bench-key"})

    def serve_jwks(self) -> ThreadingHTTPServer:
        """Serve the key set at http://127.0.0.1:PLATFORM_PORT/jwks in a thread."""
        body = json.dumps(self.jwks).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return None

        server = ThreadingHTTPServer(("127.0.0.1", PLATFORM_PORT), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server


def environment(instance: Path, workers: int, database_url: str) -> dict[str, str]:
    """Production settings for the server under test."""
    return {
        **os.environ,
        "LTI_QI_ENV": "production",
        "LTI_QI_SECRET_KEY": secrets.token_urlsafe(48),
        "LTI_QI_BASE_URL": BASE_URL,
        "LTI_QI_DATABASE_URL": database_url,
        "LTI_QI_REDIS_URL": REDIS_URL,
        "LTI_QI_TRUSTED_PROXIES": "1",
        "LTI_QI_PORT": str(PORT),
        "LTI_QI_WORKERS": str(workers),
        "LTI_QI_LOG_LEVEL": "WARNING",
        "LTI_QI_INSTANCE_PATH": str(instance),
    }


def run_cli(env: dict[str, str], *args: str) -> None:
    """Run an lti-qi command and stop on failure."""
    subprocess.run([str(BIN / "lti-qi"), *args], env=env, check=True, stdout=subprocess.DEVNULL)


def start_server(env: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    """Start ``lti-qi serve`` and wait until it answers."""
    server = subprocess.Popen(
        [str(BIN / "lti-qi"), "serve", "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            requests.get(f"http://127.0.0.1:{PORT}/lti/jwks", timeout=5)
            return server
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("lti-qi serve did not start")


def launch_once(session: requests.Session, platform: Platform, sub: str, course: str) -> None:
    """Run one complete launch flow as the learner's browser and the platform."""
    proxy = {"X-Forwarded-Proto": "https"}
    origin = f"http://127.0.0.1:{PORT}"
    params = {
        "iss": ISSUER,
        "login_hint": sub,
        "target_link_uri": f"{BASE_URL}/lti/launch",
        "client_id": CLIENT_ID,
        "lti_deployment_id": DEPLOYMENT_ID,
        "lti_message_hint": uuid.uuid4().hex,
    }
    login = session.get(f"{origin}/lti/login", params=params, headers=proxy, allow_redirects=False)
    if login.status_code == 200 and "cookie-check" in login.text:
        params["lti1p3_new_window"] = "1"
        login = session.get(
            f"{origin}/lti/login", params=params, headers=proxy, allow_redirects=False
        )
    if login.status_code != 302:
        raise RuntimeError(f"login answered {login.status_code}")
    auth = parse_qs(urlsplit(login.headers["Location"]).query)
    token = platform.id_token(sub, auth["nonce"][0], course)
    launched = session.post(
        f"{origin}/lti/launch",
        data={"id_token": token, "state": auth["state"][0]},
        headers=proxy,
        allow_redirects=False,
    )
    if launched.status_code != 303:
        message = launched.text[launched.text.find("error-message") :][:300]
        raise RuntimeError(f"launch answered {launched.status_code}: {message}")
    landing = session.get(origin + urlsplit(launched.headers["Location"]).path, headers=proxy)
    if landing.status_code != 200:
        raise RuntimeError(f"landing page answered {landing.status_code}")


class BehindTlsProxy(requests.Session):
    """A browser behind the simulated TLS proxy: Secure cookies travel over the plain hop."""

    def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:  # type: ignore[override]
        """Send, then unmark Secure cookies so the next plain-HTTP request carries them."""
        response = super().send(request, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


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
