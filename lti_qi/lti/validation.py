"""Strict id_token validation: pylti1p3's checks, plus the ones it leaves out.

pylti1p3 runs state -> format -> nonce -> registration -> signature -> deployment -> message.
Every step still runs (the nonce's look-up becomes a stricter atomic take, after the
signature); lti-qi's subclass adds what the LTI Security Framework asks for and pylti1p3
omits (see docs/lti-security.md):

- ``alg`` must be RS256 and the header must name a ``kid`` (no ``none``, no HS256).
- The signature is checked with a small clock-skew leeway, and ``exp`` and ``iat`` are
  required; ``iss`` must equal the registration's issuer.
- ``aud`` must contain the client id; with several audiences, ``azp`` must name it.
- The nonce must be the one lti-qi's login issued for this launch's state (OpenID Connect:
  the nonce of this authentication request, not another login's of the same browser), and
  is consumed server-side once the signature is verified: one atomic "take" on the shared
  cache does both (pylti1p3 would only look it up), so a replayed id_token fails even in the
  same browser.
- The platform key set is re-fetched once when the ``kid`` is unknown (key rotation).
- ``target_link_uri`` must point at lti-qi itself, and each required claim is named when
  missing.

Each failure becomes a ``LaunchError`` naming the check and who can fix it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from pylti1p3.contrib.flask import FlaskMessageLaunch
from pylti1p3.exception import LtiException, OIDCException

from lti_qi.errors import LaunchError
from lti_qi.lti.launch import CLAIM, RESOURCE_LINK_REQUEST, SUPPORTED_MESSAGE_TYPES
from lti_qi.lti.platform_keys import PlatformKeyCache, key_from_static_set
from lti_qi.lti.tool_config import RegistrationSaves, active_platform, register_provisional

HINTS = {
    "state": "Launch lti-qi again from your course. If this keeps happening, your browser may "
    "be blocking lti-qi's cookies inside the LMS: open lti-qi in a new window.",
    "format": "The LMS sent something that is not an LTI 1.3 launch. Ask the LMS administrator "
    "to check that lti-qi is set up as an LTI 1.3 tool.",
    "nonce": "This launch was already used or has expired. Launch lti-qi again from your "
    "course: reloading an old launch page will not work.",
    "signature": "The launch was not signed as LTI 1.3 requires. Ask the LMS administrator to "
    "check the key set URL registered in lti-qi for this LMS.",
    "timestamps": "Check that the LMS server's clock is right, then launch again.",
    "audience": "The launch was meant for a different tool. Ask the LMS administrator to check "
    "the client id registered for lti-qi.",
    "deployment": "If the launch names a deployment id, ask your lti-qi administrator to add it "
    "to the LMS's registration (`lti-qi platform add-deployment`); if it names none, ask the "
    "LMS administrator to check the tool's deployment.",
    "registration": "Ask your LMS administrator to check the issuer and client id of lti-qi's "
    "registration, and your lti-qi administrator to check `lti-qi platform list`.",
    "key": "Ask the LMS administrator to check the key set URL registered in lti-qi for this "
    "LMS; if the LMS has just rotated its keys, launch again in a minute.",
    "claims": "The LMS left out information LTI 1.3 requires. Ask the LMS administrator to "
    "check the LTI tool settings, or to report it to the LMS vendor.",
}


@dataclass(frozen=True)
class LaunchPolicy:
    """The collaborators and limits of launch validation."""

    key_cache: PlatformKeyCache
    clock_skew_seconds: int
    tool_base_url: str
    take_nonce: Callable[[str, str], bool]
    saves: RegistrationSaves
    verified_state: str | None = None


class ToolMessageLaunch(FlaskMessageLaunch):
    """pylti1p3's Flask launch with lti-qi's stricter checks added to each step."""

    def __init__(self, *args: Any, policy: LaunchPolicy, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._policy = policy

    def get_client_id(self) -> str:
        """Return the client id the token is for: ``azp`` when present, else the only ``aud``."""
        body = self._jwt.get("body", {})
        audiences = _audiences(body.get("aud"))
        authorized_party = body.get("azp")
        if authorized_party:
            if authorized_party not in audiences:
                raise _fail("audience", f"azp {authorized_party!r} is not one of the audiences.")
            return str(authorized_party)
        if len(audiences) != 1:
            raise _fail("audience", "The id_token has several audiences (aud) but no azp claim.")
        return audiences[0]

    def validate_state(self) -> ToolMessageLaunch:
        """Check the state against the browser's state cookie, or its platform-storage proof.

        pylti1p3 looks up a server-side record first and then the cookie; the cookie is
        checked first here, the same comparison, to save a cache round trip per launch.
        """
        # Unannotated in pylti1p3's Flask adapter; None when the request has no state.
        state: str | None = self._get_request_param("state")  # type: ignore[no-untyped-call]
        if state and self._cookie_service.get_cookie(state) == state:
            return self
        if self._policy.verified_state:
            self._session_service.set_state_valid(
                self._policy.verified_state, self._get_id_token_hash()
            )
        with _step("state"):
            super().validate_state()
        return self

    def validate_jwt_format(self) -> ToolMessageLaunch:
        """Check the token's shape, then that it is RS256-signed and names its key."""
        with _step("format"):
            super().validate_jwt_format()
        header = self._jwt.get("header", {})
        if header.get("alg") != "RS256":
            raise _fail(
                "signature", f"The id_token uses alg {header.get('alg')!r}; only RS256 is accepted."
            )
        if not header.get("kid"):
            raise _fail("signature", "The id_token header names no key (kid).")
        if not isinstance(self._jwt.get("body"), dict):
            raise _fail("format", "The id_token body is not a JSON object.")
        return self

    def validate_nonce(self) -> ToolMessageLaunch:
        """Check the id_token carries a nonce.

        Whether lti-qi's login issued it for this launch's state is checked, and the nonce
        used up, in one step once the signature is verified (``LaunchPolicy.take_nonce``).
        """
        if not self._jwt["body"].get("nonce"):
            raise _fail("nonce", "The id_token has no nonce.")
        return self

    def validate_registration(self) -> ToolMessageLaunch:
        """Find the registration for the token's issuer and client id."""
        with _step("registration"):
            super().validate_registration()
        return self

    def validate_jwt_signature(self) -> ToolMessageLaunch:
        """Verify the signature, timestamps, issuer and audience; then consume the nonce."""
        body = self._jwt["body"]
        issuer = self._registration.get_issuer() if self._registration else None
        if not issuer:
            # validate() finds the registration first, so only a misuse of this class gets
            # here; without an issuer, jwt.decode would silently skip the iss check.
            raise _fail("registration", "No registration was found before the signature check.")
        client_id = self.get_client_id()
        key = self._platform_key(client_id)
        try:
            jwt.decode(
                self._get_id_token(),
                key,
                algorithms=["RS256"],
                audience=client_id,
                issuer=issuer,
                leeway=self._policy.clock_skew_seconds,
                options={"require": ["exp", "iat", "iss", "aud"]},
            )
        except jwt.InvalidTokenError as error:
            raise _fail(_token_check(error), f"The id_token was refused: {error}.") from error
        # validate_state() has checked the state belongs to this browser.
        state: str = self._get_request_param("state")  # type: ignore[no-untyped-call]
        if not self._policy.take_nonce(state, str(body["nonce"])):
            raise _fail(
                "nonce",
                "This id_token's nonce was not issued by lti-qi's login for this launch's "
                "state (another login's, or none), has expired, or has been used before "
                "(a replayed launch).",
            )
        record = active_platform(self.get_iss(), client_id)
        if record.is_provisional:
            raise register_provisional(record, self._policy.saves)
        return self

    def validate_deployment(self) -> ToolMessageLaunch:
        """Check the deployment id is registered for this client id."""
        with _step("deployment"):
            super().validate_deployment()
        return self

    def validate_message(self) -> ToolMessageLaunch:
        """Name any missing required claim, check target_link_uri, then run pylti1p3's checks."""
        body = self._jwt["body"]
        for problem in _claim_problems(body, self._policy.tool_base_url):
            raise _fail("claims", problem)
        with _step("claims"):
            super().validate_message()
        return self

    def save_launch_data(self) -> ToolMessageLaunch:
        """Keep nothing: lti-qi records the launch itself and never restores one from cache.

        pylti1p3 would store the whole id_token body and mark the state reusable for page
        reloads; lti-qi's nonces are single-use, so a reload must relaunch anyway.
        """
        return self

    def platform_id(self) -> int:
        """Return the id of the registration that the launch came through."""
        return active_platform(self.get_iss(), self.get_client_id()).id

    def _platform_key(self, client_id: str) -> Any:
        record = active_platform(self.get_iss(), client_id)
        kid = str(self._jwt["header"]["kid"])
        if record.key_set:
            return key_from_static_set(record.key_set, kid)
        url = record.key_set_url_for(_resource_link_id(self._jwt["body"]))
        if not url:
            raise _fail("key", "No key set URL is registered for this LMS.")
        return self._policy.key_cache.key_for(url, kid)


def _claim_problems(body: Mapping[str, Any], tool_base_url: str) -> Iterator[str]:
    version = body.get(CLAIM + "version")
    if version is None:
        yield "The launch has no LTI version claim."
    elif version != "1.3.0":
        yield f"The launch says LTI version {version!r}; lti-qi needs 1.3.0."
    message_type = body.get(CLAIM + "message_type")
    if not message_type:
        yield "The launch has no message_type claim."
    elif message_type not in SUPPORTED_MESSAGE_TYPES:
        yield f"lti-qi does not handle {message_type!r} messages."
    for claim, label in (("sub", "user (sub)"), (CLAIM + "roles", "roles")):
        if claim not in body or body[claim] in (None, ""):
            yield f"The launch has no {label} claim."
    if not isinstance(body.get(CLAIM + "roles", []), list):
        yield "The roles claim is not a list."
    if message_type == RESOURCE_LINK_REQUEST and not _resource_link_id(body):
        yield "The launch has no resource_link id."
    yield from _target_link_problems(body.get(CLAIM + "target_link_uri"), tool_base_url)


def _resource_link_id(body: Mapping[str, Any]) -> str | None:
    """Return the resource link id, or None when the claim is missing or not an object.

    The key set URL is chosen from it before the signature is checked, so the claim may be
    anything an attacker sends.
    """
    link = body.get(CLAIM + "resource_link")
    link_id = link.get("id") if isinstance(link, Mapping) else None
    return str(link_id) if link_id else None


def _target_link_problems(target: Any, tool_base_url: str) -> Iterator[str]:
    if not target:
        yield "The launch has no target_link_uri claim."
    elif not (target == tool_base_url or str(target).startswith(tool_base_url + "/")):
        yield f"target_link_uri {target!r} is not an lti-qi address ({tool_base_url}/...)."


def _audiences(aud: Any) -> list[str]:
    if isinstance(aud, str):
        return [aud]
    if isinstance(aud, list):
        return [str(item) for item in aud]
    raise _fail("audience", "The id_token has no audience (aud).")


def _token_check(error: jwt.InvalidTokenError) -> str:
    if isinstance(error, jwt.InvalidAudienceError):
        return "audience"
    timestamp_errors = (
        jwt.ExpiredSignatureError,
        jwt.ImmatureSignatureError,
        jwt.InvalidIssuedAtError,
    )
    if isinstance(error, timestamp_errors) or (
        isinstance(error, jwt.MissingRequiredClaimError) and error.claim in ("exp", "iat")
    ):
        return "timestamps"
    return "signature"


@contextlib.contextmanager
def _step(check: str) -> Iterator[None]:
    try:
        yield
    except (LtiException, OIDCException, AssertionError) as error:
        raise _fail(check, str(error) or "The check failed.") from error


def _fail(check: str, message: str) -> LaunchError:
    hint = HINTS.get(check, HINTS["claims"])
    status = 403 if check in ("nonce", "state") else 400
    return LaunchError(check, message, hint=hint, status=status)
