"""`lti-qi demo --port N` alone serves on N, says so, and launches work there.

No LTI_QI_PORT or LTI_QI_BASE_URL: the base URL (what the demo prints, what the sandbox
registers and launches to) follows the port given on the command line.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

BIN = Path(sys.executable).parent
CLEARED = ("LTI_QI_PORT", "LTI_QI_BASE_URL", "LTI_QI_CONFIG")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_demo_port_alone_prints_and_serves_on_that_port(tmp_path: Path) -> None:
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in CLEARED}
    env |= {"LTI_QI_ENV": "development", "LTI_QI_INSTANCE_PATH": str(tmp_path)}
    env |= {"LTI_QI_DATABASE_URL": "", "LTI_QI_REDIS_URL": ""}
    log_path = tmp_path / "demo.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(  # noqa: S603  (our own console script)
            [str(BIN / "lti-qi"), "demo", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            ready = f"Open http://127.0.0.1:{port}/sandbox/"
            for _ in range(150):
                if ready in log_path.read_text() or server.poll() is not None:
                    break
                time.sleep(0.2)
            assert ready in log_path.read_text(), log_path.read_text()
            page = requests.get(f"http://127.0.0.1:{port}/sandbox/", timeout=5)
            assert "qi-101-pathway" in page.text  # the sandbox installed lti-qi at this port
        finally:
            server.terminate()
            server.wait(timeout=20)
