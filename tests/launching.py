"""Test helpers: an in-process HTTP transport, and a driver for real sandbox launches."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from flask import Flask
from flask.testing import FlaskClient
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from werkzeug.test import Client, TestResponse

from lti_qi import demo
from lti_qi.lti import flow


class WsgiTransport(BaseAdapter):
    """Serves requests for the test origin from the app itself, without a network."""

    def __init__(self, app: Flask):
        super().__init__()
        self.app = app

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        url = urlsplit(request.url or "")
        served = Client(self.app).open(
            path=url.path,
            query_string=url.query,
            method=request.method,
            headers=dict(request.headers),
            data=request.body,
            base_url=f"{url.scheme}://{url.netloc}",
        )
        response = requests.Response()
        response.status_code = served.status_code
        response.headers = CaseInsensitiveDict(dict(served.headers))
        response._content = served.get_data()
        response.url = request.url or ""
        response.request = request
        response.reason = served.status
        return response

    def close(self) -> None:
        """Nothing to release."""


def route_in_process(app: Flask, base_url: str) -> None:
    """Serve the tool's and the mounted sandbox's outbound calls to ``base_url`` in-process."""
    transport = WsgiTransport(app)
    flow.runtime_for(app).http.mount(base_url, transport)
    demo.mounted_sandbox(app).extensions["sandbox"].http.mount(base_url, transport)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = values.get("action")
        if tag == "input" and values.get("name"):
            self.fields[values["name"] or ""] = values.get("value") or ""


def parse_form(html: str) -> tuple[str, dict[str, str]]:
    """Return the first form's action and its input values, as a browser would submit them."""
    parser = _FormParser()
    parser.feed(html)
    assert parser.action, f"no form in page: {html[:300]}"
    return parser.action, parser.fields


@dataclass
class Launched:
    """The outcome of one launch: the browser (client) and the tool's answer to the id_token."""

    client: FlaskClient
    response: TestResponse
    id_token_form: dict[str, str]
    base_url: str

    @property
    def landing_url(self) -> str:
        """The tool page the launch redirected to."""
        assert self.response.status_code == 303, self.response.get_data(as_text=True)[:500]
        return urljoin(self.base_url + "/", self.response.headers["Location"])

    @property
    def token(self) -> str:
        """The launch session token in the landing URL (``/s/<token>/...``)."""
        return self.landing_url.split("/s/", 1)[1].split("/", 1)[0]

    def url(self, path: str = "") -> str:
        """Return the absolute URL of a tool page in this launch's session."""
        return f"{self.base_url}/s/{self.token}/{path.lstrip('/')}"

    def get(self, path: str = "", **kwargs: Any) -> TestResponse:
        """GET a page of this launch session."""
        return self.client.get(self.url(path), **kwargs)


class LaunchDriver:
    """Runs the whole LTI 1.3 flow: sandbox launch request, OIDC login, auth, id_token POST."""

    def __init__(self, app: Flask, base_url: str):
        self.app = app
        self.base_url = base_url

    def start(self, client: FlaskClient, **request: Any) -> tuple[str, dict[str, str]]:
        """Ask the sandbox to begin a launch; returns the tool login URL and parameters."""
        body = {"course": "QI-101", "sub": "learner-aisha", **request}
        started = client.post(f"{self.base_url}/sandbox/api/launch-requests", json=body)
        assert started.status_code == 200, started.get_data(as_text=True)
        return started.json["login_url"], started.json["params"]

    def id_token_form(self, client: FlaskClient, **request: Any) -> tuple[str, dict[str, str]]:
        """Run login and authorisation; returns the form the platform posts to the tool."""
        login_url, params = self.start(client, **request)
        login = client.get(login_url, query_string=params)
        assert login.status_code == 302, login.get_data(as_text=True)[:500]
        authorised = client.get(login.headers["Location"])
        assert authorised.status_code == 200, authorised.get_data(as_text=True)[:500]
        return parse_form(authorised.get_data(as_text=True))

    def launch(self, client: FlaskClient | None = None, **request: Any) -> Launched:
        """Launch the tool as someone enrolled in a sandbox course (defaults: Aisha, QI-101)."""
        client = client or self.app.test_client()
        action, fields = self.id_token_form(client, **request)
        response = client.post(action, data=fields)
        return Launched(client, response, fields, self.base_url)


def invite_url(app: Flask) -> str:
    """Issue a registration link as the operator does (``lti-qi platform invite``)."""
    result = app.test_cli_runner().invoke(args=["platform", "invite", "--hours", "2"])
    assert result.exit_code == 0, result.output
    link = result.output.splitlines()[0]
    assert link.startswith("http://tool.test/lti/register?invite=")
    return link
