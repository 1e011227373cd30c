"""What the benchmark scripts share: fresh PostgreSQL databases and process CPU accounting."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import redis
import sqlalchemy as sa

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BIN = Path(sys.executable).parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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
