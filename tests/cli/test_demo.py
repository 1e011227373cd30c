"""`lti-qi demo` (the README's first command) really serves, and a learner can launch.

The command runs as a subprocess on a free port of 127.0.0.1, on its own SQLite database,
exactly as a newcomer would start it; the launch goes through the sandbox LMS over HTTP.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from launching import parse_form

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "LTI_QI_ENV": "development",
        "LTI_QI_INSTANCE_PATH": str(tmp_path),
        "LTI_QI_BASE_URL": base_url,
        "LTI_QI_PORT": str(port),
        "LTI_QI_DATABASE_URL": "",
        "LTI_QI_REDIS_URL": "",
    }
    log_path = tmp_path / "demo.log"
    log = log_path.open("wb")
    server = subprocess.Popen(  # noqa: S603  (our own console script)
        [str(BIN / "lti-qi"), "demo"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        for _ in range(150):
            with contextlib.suppress(requests.ConnectionError):
                # Ready once the sandbox has installed lti-qi (its pathway link is placed).
                if "qi-101-pathway" in requests.get(f"{base_url}/sandbox/", timeout=2).text:
                    break
            time.sleep(0.2)
        else:
            pytest.fail(f"lti-qi demo did not answer within 30 s:\n{log_path.read_text()}")
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_the_demo_serves_the_sandbox_and_a_learner_launches(demo: str) -> None:
    browser = requests.Session()
    started = browser.post(
        f"{demo}/sandbox/api/launch-requests",
        json={"course": "QI-101", "sub": "learner-aisha", "link": "qi-101-pathway"},
        timeout=10,
    )
    assert started.status_code == 200, started.text
    login = browser.get(
        started.json()["login_url"],
        params=started.json()["params"],
        allow_redirects=False,
        timeout=10,
    )
    assert login.status_code == 302, login.text[:300]
    authorised = browser.get(login.headers["Location"], timeout=10)
    action, fields = parse_form(authorised.text)
    launched = browser.post(action, data=fields, allow_redirects=False, timeout=10)
    assert launched.status_code == 303, launched.text[:300]
    landing = browser.get(f"{demo}{launched.headers['Location']}", timeout=10)
    assert landing.status_code == 200
    assert "Welcome" in landing.text
