"""The one outbound HTTP session: default timeouts, a user agent, pooled connections.

Every call lti-qi makes to a platform (key sets, tokens, AGS, NRPS, dynamic registration)
goes through the session built here, so a slow LMS can never hang a request or a worker.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

import requests
from requests.adapters import HTTPAdapter

USER_AGENT = f"lti-qi/{metadata.version('lti-qi')} (+LTI 1.3 tool)"


class TimeoutAdapter(HTTPAdapter):
    """An adapter that applies a default timeout to every request that sets none."""

    def __init__(self, timeout_seconds: float, **kwargs: Any):
        super().__init__(**kwargs)
        self.timeout_seconds = timeout_seconds

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        """Send the request with the default timeout unless the caller chose one."""
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout_seconds
        return super().send(request, **kwargs)


def build_session(timeout_seconds: float) -> requests.Session:
    """Build the shared outbound session with a default timeout on every call."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    adapter = TimeoutAdapter(timeout_seconds, pool_connections=20, pool_maxsize=50)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
