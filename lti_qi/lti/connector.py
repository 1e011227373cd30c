"""Calls from lti-qi to a platform's services (AGS, NRPS) with cached OAuth2 access tokens.

Security Framework 4.1: the tool obtains a bearer token with a client-credentials grant,
authenticating by a JWT assertion signed with its current key (``kid`` in the header, and
the deployment id as LTI Core 6.2 recommends). Tokens are cached in the shared cache until
just before they expire, keyed by issuer, client id, token URL and scopes: one Canvas
issuer serves many schools, and Open edX has a token URL per component, so an issuer and
scopes alone (pylti1p3's key) would hand one school's token to another.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import jwt
import requests
from pylti1p3.exception import LtiServiceException
from pylti1p3.registration import Registration
from pylti1p3.service_connector import ServiceConnector

from lti_qi.extensions import cache
from lti_qi.lti import tool_keys
from lti_qi.lti.registrations import PlatformRecord
from lti_qi.lti.tool_config import to_registration

TOKEN_CACHE_PREFIX = "lti-access-token:"  # noqa: S105  (a cache key prefix, not a secret)
EXPIRY_MARGIN_SECONDS = 60
DEPLOYMENT_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"

# The platform answered a service call (access token, AGS, NRPS) with an error; the
# exception's ``response`` says how. Callers outside lti/ catch it by this name.
ServiceError = LtiServiceException
# Everything a service call can fail with: the platform's error answer, or no answer at all.
SERVICE_FAILURES = (ServiceError, requests.RequestException)


class ToolRegistration(Registration):
    """A registration that signs with lti-qi's current key and names it by lti-qi's ``kid``."""

    def __init__(self, kid: str):
        super().__init__()
        self._kid = kid

    def get_kid(self) -> str:
        """Return the ``kid`` of the key the assertion is signed with."""
        return self._kid


class ToolServiceConnector(ServiceConnector):
    """pylti1p3's service connector with a shared, correctly keyed token cache."""

    def __init__(
        self, registration: Registration, http: requests.Session, deployment_id: str | None
    ):
        super().__init__(registration, http)
        self._deployment_id = deployment_id

    def _scope_key(self, scopes: Iterable[str]) -> str:
        registration = self._registration
        parts = [
            registration.get_issuer() or "",
            registration.get_client_id() or "",
            registration.get_auth_token_url() or "",
            *sorted(scopes),
        ]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def put(self, scopes: list[str], url: str, document: str, media_type: str) -> None:
        """PUT a document to a service (pylti1p3 only GETs and POSTs; AGS updates by PUT).

        Raises:
            ServiceError: when the platform answers with an error.
        """
        headers = {
            "Authorization": "Bearer " + self.get_access_token(scopes),
            "Accept": media_type,
            "Content-Type": media_type,
        }
        response = self._requests_session.put(url, data=document, headers=headers)
        if not response.ok:
            raise ServiceError("There was an error making a service request.", response)

    def forget_access_token(self, scopes: Iterable[str]) -> None:
        """Drop the cached token for these scopes (the platform refused it)."""
        cache.delete(TOKEN_CACHE_PREFIX + self._scope_key(scopes))

    def _get_cached_access_token(self, scope_key: str) -> str | None:
        token: str | None = cache.get(TOKEN_CACHE_PREFIX + scope_key)
        return token

    def _cache_access_token(self, scope_key: str, access_token: str, expires_in: float) -> None:
        lifetime = int(expires_in or 0) - EXPIRY_MARGIN_SECONDS
        if lifetime > 0:
            cache.set(TOKEN_CACHE_PREFIX + scope_key, access_token, timeout=lifetime)

    def encode_jwt(self, message: dict[str, Any], private_key: str, headers: dict[str, str]) -> str:
        """Sign the client assertion, adding the deployment id when it is known."""
        if self._deployment_id:
            message = {**message, DEPLOYMENT_CLAIM: self._deployment_id}
        return jwt.encode(
            message, tool_keys.load_private_key(private_key), algorithm="RS256", headers=headers
        )


def service_connector(
    record: PlatformRecord,
    http: requests.Session,
    *,
    deployment_id: str | None = None,
    resource_link_id: str | None = None,
) -> ToolServiceConnector:
    """Return a connector that can call the services of one registration."""
    signing_key = tool_keys.current_signing_key()
    registration = to_registration(
        record, resource_link_id=resource_link_id, registration=ToolRegistration(signing_key.kid)
    )
    registration.set_tool_private_key(signing_key.private_pem)
    return ToolServiceConnector(registration, http, deployment_id)
