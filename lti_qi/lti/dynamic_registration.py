"""LTI Dynamic Registration 1.0: an LMS administrator installs lti-qi by pasting one URL.

The operator issues a single-use registration link (``lti-qi platform invite``); the platform
opens it with ``&openid_configuration=...&registration_token=...`` appended. lti-qi reads the
platform's OpenID configuration, checks it describes an LTI platform whose issuer matches the
configuration's own address, posts its tool configuration to the platform's registration
endpoint with the registration token, and returns the client id and deployment id it gets
back with the platform's endpoints. ``services.platforms`` stores them, waiting for an
operator's approval unless the ``dynamic_registration`` setting says otherwise.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from pylti1p3.dynamic_registration import DynamicRegistration
from pylti1p3.exception import LtiException

from lti_qi.errors import InvalidInput
from lti_qi.lti import platforms, registration_hosts, scopes
from lti_qi.lti.platforms import canvas
from lti_qi.lti.registrations import PlatformDetails

PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
SCOPES = list(scopes.ALL)
FAILED = "The LMS did not complete the registration."
FAILED_HINT = (
    "Start the registration again from the LMS. If it fails again, ask the lti-qi operator "
    "to check lti-qi's log (and, for a new attempt, for a new registration link)."
)
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RegistrationRequest:
    """What the platform passed when it opened the registration URL."""

    openid_configuration_url: str
    registration_token: str | None


@dataclass(frozen=True)
class AgreedRegistration:
    """What the platform agreed to: the details to register, and the documents they came from."""

    details: PlatformDetails
    documents: dict[str, Any]


class ToolDynamicRegistration(DynamicRegistration):
    """pylti1p3's registration flow, told lti-qi's URLs and what to make of the result."""

    client_name = "lti-qi"
    description = "Quality improvement coursework, mentoring and CPD for healthcare staff."

    def __init__(
        self,
        request: RegistrationRequest,
        *,
        base_url: str,
        http: registration_hosts.GuardedSession,
    ):
        self._request = request
        self._base_url = base_url
        self._http = http

    def get_request_session(self) -> registration_hosts.GuardedSession:
        """Use lti-qi's outbound session (timeouts, user agent), checking every address."""
        return self._http

    def get_openid_configuration_endpoint(self) -> str:
        """Return the platform's OpenID configuration URL."""
        return self._request.openid_configuration_url

    # pylti1p3 annotates str, but the token is optional in Dynamic Registration and its
    # register() sends no Authorization header when it is None.
    def get_registration_token(self) -> str | None:  # type: ignore[override]
        """Return the one-time registration token the platform passed."""
        return self._request.registration_token

    def get_initiate_login_uri(self) -> str:
        """Return lti-qi's OIDC login URL."""
        return f"{self._base_url}/lti/login"

    def get_redirect_uris(self) -> list[str]:
        """Return lti-qi's launch URL, its only redirect URI."""
        return [f"{self._base_url}/lti/launch"]

    def get_jwks_uri(self) -> str:
        """Return lti-qi's public key set URL."""
        return f"{self._base_url}/.well-known/jwks.json"

    def get_domain(self) -> str:
        """Return the host (and port) lti-qi is served on."""
        return urlsplit(self._base_url).netloc

    def get_target_link_uri(self) -> str:
        """Return the default launch target."""
        return f"{self._base_url}/lti/launch"

    def get_logo_uri(self) -> str:
        """Return lti-qi's logo."""
        return f"{self._base_url}/static/img/logo.svg"

    def get_scopes(self) -> list[str]:
        """Ask for AGS (line items, results, scores) and NRPS (roster)."""
        return SCOPES

    def get_claims(self) -> list[str]:
        """Ask for the identity claims lti-qi can use (all optional)."""
        return ["iss", "sub", "name", "given_name", "family_name", "email"]

    def get_messages(self) -> list[dict[str, Any]]:
        """Offer resource launches and deep linking for designers."""
        launch = f"{self._base_url}/lti/launch"
        return [
            {
                "type": "LtiResourceLinkRequest",
                "target_link_uri": launch,
                "label": "lti-qi",
                "placements": ["course_navigation"],
            },
            {
                "type": "LtiDeepLinkingRequest",
                "target_link_uri": launch,
                "label": "Add QI content (lti-qi)",
                # Canvas's names for where designers pick content; other LMSs ignore them.
                "placements": list(canvas.DEEP_LINKING_PLACEMENTS),
            },
        ]

    def complete_registration(
        self, openid_configuration: dict[str, Any], openid_registration: dict[str, Any]
    ) -> AgreedRegistration:
        """Return the new registration's details from the platform's two documents."""
        tool_configuration = openid_registration.get(TOOL_CONFIGURATION, {})
        deployment_id = tool_configuration.get("deployment_id")
        product = openid_configuration.get(PLATFORM_CONFIGURATION, {}).get(
            "product_family_code", ""
        )
        details = PlatformDetails(
            issuer=openid_configuration["issuer"],
            client_id=str(openid_registration["client_id"]),
            auth_login_url=openid_configuration["authorization_endpoint"],
            auth_token_url=openid_configuration["token_endpoint"],
            key_set_url=openid_configuration["jwks_uri"],
            deployment_ids=(str(deployment_id),) if deployment_id else (),
            name=f"{product or 'LMS'} at {urlsplit(openid_configuration['issuer']).netloc}",
            auth_audience=openid_configuration.get("authorization_server"),
            product_family=product,
            accepts_new_deployments=not deployment_id,
        )
        documents = {
            "openid_configuration": openid_configuration,
            "registration": openid_registration,
        }
        return AgreedRegistration(details, documents)


def register_with_platform(
    request: RegistrationRequest,
    *,
    base_url: str,
    http: requests.Session,
    allowed_hosts: Iterable[str],
) -> AgreedRegistration:
    """Run the whole registration with the platform and return what it agreed to.

    Every address is checked first (``registration_hosts``). Whatever goes wrong, the error
    says only that the registration failed: a connection error would tell open ports from
    closed ones. The reason is logged for the operator.

    Raises:
        InvalidInput: when the platform's configuration is unusable or it refuses lti-qi.
    """
    guarded = registration_hosts.GuardedSession(http, allowed_hosts)
    registration = ToolDynamicRegistration(request, base_url=base_url, http=guarded)
    try:
        configuration = registration.get_openid_configuration()
        _check_configuration(configuration, request.openid_configuration_url)
        # pylti1p3 annotates register() as a dict; it returns complete_registration()'s result.
        agreed: AgreedRegistration = registration.register()  # type: ignore[assignment]
    except _FAILURES as error:
        logger.warning(
            "dynamic registration from %r failed: %s", request.openid_configuration_url, error
        )
        raise InvalidInput(FAILED, hint=FAILED_HINT) from error
    return agreed


def _check_configuration(configuration: Any, url: str) -> None:
    if not isinstance(configuration, dict) or PLATFORM_CONFIGURATION not in configuration:
        raise InvalidInput("The LMS's OpenID configuration does not describe an LTI platform.")
    missing = [
        k
        for k in (
            "issuer",
            "authorization_endpoint",
            "token_endpoint",
            "jwks_uri",
            "registration_endpoint",
        )
        if not configuration.get(k)
    ]
    if missing:
        raise InvalidInput("The LMS's OpenID configuration lacks " + ", ".join(missing) + ".")
    issuer_host = urlsplit(str(configuration["issuer"])).netloc
    allowed = platforms.hosts_serving(issuer_host)
    for address in (url, str(configuration["jwks_uri"])):
        if urlsplit(address).netloc not in allowed:
            raise InvalidInput(
                f"The LMS says its issuer is {configuration['issuer']}, but {address} is on "
                "another host, so lti-qi cannot trust its keys.",
                hint="Ask the LMS administrator to register lti-qi by hand (docs/platforms/).",
            )


_FAILURES = (
    registration_hosts.HostRefused,
    InvalidInput,
    LtiException,
    requests.RequestException,
    ValueError,
    KeyError,
    AssertionError,
)
