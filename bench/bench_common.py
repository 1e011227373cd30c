"""What the benchmark scripts share: lti-qi processes, fresh databases, CPU accounting."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import redis
import requests
import sqlalchemy as sa

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BIN = Path(sys.executable).parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def lti_qi_environment(
    instance: Path, *, base_url: str, database_url: str, redis_url: str, port: int
) -> dict[str, str]:
    """Return the settings every benchmarked lti-qi process shares (add the rest to it)."""
    return {
        **os.environ,
        "LTI_QI_BASE_URL": base_url,
        "LTI_QI_DATABASE_URL": database_url,
        "LTI_QI_REDIS_URL": redis_url,
        "LTI_QI_PORT": str(port),
        "LTI_QI_LOG_LEVEL": "WARNING",
        "LTI_QI_INSTANCE_PATH": str(instance),
    }


def start_lti_qi(
    env: dict[str, str], *args: str, stderr: int = subprocess.PIPE
) -> subprocess.Popen[bytes]:
    """Start an lti-qi command in the background."""
    return subprocess.Popen(
        [str(BIN / "lti-qi"), *args], env=env, stdout=subprocess.DEVNULL, stderr=stderr
    )


def wait_until_serving(server: subprocess.Popen[bytes], origin: str) -> None:
    """Wait until the lti-qi server at ``origin`` answers over HTTP."""
    for _ in range(150):
        try:
            requests.get(f"{origin}/lti/jwks", timeout=5)
            return
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("lti-qi serve did not start")


def fresh_database(name: str, redis_url: str | None = None) -> str:
    """Create an empty PostgreSQL database ``name``, empty a Redis database; return its URL.

    Redis is emptied too when given: it caches ids of rows the old database held.
    """
    engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    if redis_url:
        redis.Redis.from_url(redis_url).flushdb()
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def cpu_seconds(pid: int) -> float:
    """Return a process's user and system CPU seconds so far (from /proc; 0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def process_tree_cpu_seconds(root_pid: int) -> float:
    """Return the CPU seconds of a process and its children (a server and its workers)."""
    return sum(cpu_seconds(pid) for pid in [root_pid, *_children(root_pid)])


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.extend(int(child) for child in (task / "children").read_text().split())
    return found
