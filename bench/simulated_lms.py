"""The launch benchmark's LMS and browsers: a platform signing id_tokens, and one launch flow.

The platform serves its key set on 127.0.0.1 and signs a fresh RS256 id_token for every
launch; `launch_once` plays a learner's browser through OIDC login initiation, the redirect
to the platform, the launch POST and the landing page, behind a simulated TLS proxy.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

PORT = 8765
PLATFORM_PORT = 8766
BASE_URL = f"https://127.0.0.1:{PORT}"
ISSUER = f"http://127.0.0.1:{PLATFORM_PORT}"
CLIENT_ID = "bench-client"
DEPLOYMENT_ID = "bench-deployment"
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
