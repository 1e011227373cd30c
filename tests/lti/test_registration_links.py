"""/lti/register sends nothing without the operator's link, and never probes a private network."""

from collections import OrderedDict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
import requests
import time_machine
from flask import Flask
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from lti_qi.lti import flow

from launching import invite_url

FAILED = "The LMS did not complete the registration."
# A public address (no DNS needed); the recording transport answers for it, nothing is sent.
PUBLIC = {
    "openid_configuration": "https://93.184.215.14/.well-known/openid-configuration",
    "registration_token": "t",
}
PROBE = {
    "openid_configuration": "https://127.0.0.1:6379/x",
    "registration_token": "t",
}


class RecordingTransport(BaseAdapter):
    """Records every outbound request; answers with a redirect, or as a closed port would."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []
        self.redirect_to: str | None = None

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.sent.append(request.url or "")
        if self.redirect_to is None:
            raise requests.ConnectionError(f"Connection refused: {request.url}")
        response = requests.Response()
        response.status_code = 302
        response.headers = CaseInsensitiveDict({"Location": self.redirect_to})
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        """Nothing to release."""


@pytest.fixture
def outbound(app: Flask) -> Iterator[RecordingTransport]:
    """Every outbound request not to the test origin, recorded and never sent."""
    http = flow.runtime_for(app).http
    kept = OrderedDict(http.adapters)
    recorder = RecordingTransport()
    http.mount("https://", recorder)
    http.mount("http://", recorder)
    yield recorder
    http.adapters = kept


def _text(response: Any) -> str:
    return str(response.get_data(as_text=True))


def test_the_ssrf_probe_without_a_valid_link_is_refused_unsent(
    client, sandbox, outbound: RecordingTransport
) -> None:
    response = client.get("http://tool.test/lti/register", query_string={**PROBE, "invite": "x"})
    assert response.status_code == 403
    assert "Ask the lti-qi operator for a new registration link" in _text(response)
    assert outbound.sent == []


def test_an_expired_link_is_refused(app: Flask, client, sandbox, outbound) -> None:
    link = invite_url(app)  # valid for 2 hours
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=3)):
        response = client.get(f"{link}&{urlencode(PROBE)}")
    assert response.status_code == 403
    assert outbound.sent == []


def test_a_link_works_once_even_when_its_attempt_fails(
    app: Flask, client, sandbox, outbound: RecordingTransport
) -> None:
    link = invite_url(app)
    first = client.get(f"{link}&{urlencode(PUBLIC)}")
    assert first.status_code == 400
    assert outbound.sent == [PUBLIC["openid_configuration"]]
    again = client.get(f"{link}&{urlencode(PUBLIC)}")
    assert again.status_code == 403
    assert outbound.sent == [PUBLIC["openid_configuration"]]


def test_a_private_address_is_refused_with_the_generic_message(
    app: Flask, client, sandbox, outbound: RecordingTransport
) -> None:
    for address in ("https://10.0.0.7/x", "https://169.254.169.254/x", "https://[::1]:8443/x"):
        query = urlencode({**PROBE, "openid_configuration": address})
        response = client.get(f"{invite_url(app)}&{query}")
        assert response.status_code == 400
        assert FAILED in _text(response)
    assert outbound.sent == []


def test_a_closed_port_and_a_refused_host_look_the_same(
    app: Flask, client, sandbox, outbound: RecordingTransport
) -> None:
    closed = client.get(f"{invite_url(app)}&{urlencode(PUBLIC)}")
    private = client.get(f"{invite_url(app)}&{urlencode(PROBE)}")
    assert _main(closed) == _main(private)
    assert "Connection refused" not in _text(closed)
    assert "93.184.215.14" not in _main(closed)


def test_a_redirect_to_a_private_address_is_not_followed(
    app: Flask, client, sandbox, outbound: RecordingTransport
) -> None:
    outbound.redirect_to = "http://10.0.0.7:8080/admin"
    response = client.get(f"{invite_url(app)}&{urlencode(PUBLIC)}")
    assert response.status_code == 400
    assert FAILED in _text(response)
    assert outbound.sent == [PUBLIC["openid_configuration"]]


def _main(response: Any) -> str:
    text = _text(response)
    return text.split("<main", 1)[1].split("</main>", 1)[0] if "<main" in text else text
