"""Platform registrations: add, review, approve and disable the LMSs lti-qi trusts.

Logins and launches look registrations up in ``lti.registrations`` (an in-process snapshot);
every change saved here announces itself, so each process reloads its snapshot within a
second. A launch saves what it learns (a new deployment, a new Open edX client id) through
``launch_saves``; Dynamic Registration saves what the platform agreed to through
``register_dynamically``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import requests
from sqlalchemy import select

from lti_qi import local_copies
from lti_qi.errors import Conflict, Forbidden, InvalidInput, NotFound
from lti_qi.extensions import db
from lti_qi.lti import dynamic_registration, registrations
from lti_qi.lti.registrations import PlatformDetails, PlatformRecord
from lti_qi.lti.tool_config import RegistrationSaves
from lti_qi.models import Deployment, Platform, PlatformStatus, RegistrationSource
from lti_qi.services.platforms import invites

logger = logging.getLogger(__name__)


def organisation_ids(platform_id: int) -> frozenset[int]:
    """Return the registrations that make up one organisation with this one.

    Usually a registration is an organisation (Canvas gives each school its own developer key
    under one shared issuer). Where the operator lets an issuer's new client ids be approved
    from one registration (Open edX: one client id per component), every registration of
    that issuer belongs to the same organisation.
    """
    record = registrations.find_by_id(platform_id)
    if record is None:
        return frozenset()
    same_issuer = registrations.platforms_for_issuer(record.issuer)
    if any(other.approves_new_client_ids for other in same_issuer):
        return frozenset(other.id for other in same_issuer)
    return frozenset({platform_id})


def add_platform(
    details: PlatformDetails,
    *,
    source: RegistrationSource = RegistrationSource.OPERATOR,
    status: PlatformStatus = PlatformStatus.ACTIVE,
    registration_details: dict[str, Any] | None = None,
) -> Platform:
    """Register a platform with its deployments.

    Raises:
        InvalidInput: when a URL or the key material is missing or malformed.
        Conflict: when the issuer and client id are already registered.
    """
    _check_details(details)
    if _find_row(details.issuer, details.client_id) is not None:
        raise Conflict(
            f"{details.issuer} with client id {details.client_id} is already registered.",
            hint="Use `lti-qi platform list` to see it, or remove it first.",
        )
    platform = _new_platform_row(details, source, status, registration_details)
    db.session.add(platform)
    db.session.flush()
    local_copies.announce_change_on_commit("platforms")
    logger.info(
        "registered platform %s (%s, client %s)", platform.id, details.issuer, details.client_id
    )
    return platform


def get_platform(platform_id: int) -> Platform:
    """Return one registration.

    Raises:
        NotFound: when there is no registration with that id.
    """
    platform = db.session.get(Platform, platform_id)
    if platform is None:
        raise NotFound(f"There is no platform registration {platform_id}.")
    return platform


def remove_platform(platform_id: int) -> None:
    """Delete a registration and its deployments (launch history stays with the courses)."""
    db.session.delete(get_platform(platform_id))
    db.session.flush()
    local_copies.announce_change_on_commit("platforms")


def set_platform_status(platform_id: int, status: PlatformStatus) -> Platform:
    """Approve (activate), disable or return a registration to pending."""
    platform = get_platform(platform_id)
    platform.status = status
    local_copies.announce_change_on_commit("platforms")
    logger.info("platform %s is now %s", platform_id, status)
    return platform


def add_deployment(platform_id: int, deployment_id: str) -> Deployment:
    """Add a deployment id to a registration (idempotent)."""
    platform = get_platform(platform_id)
    existing = next((d for d in platform.deployments if d.deployment_id == deployment_id), None)
    if existing is not None:
        return existing
    deployment = Deployment(deployment_id=_checked_deployment_id(deployment_id))
    platform.deployments.append(deployment)
    db.session.flush()
    local_copies.announce_change_on_commit("platforms")
    return deployment


def accept_new_deployment(record: PlatformRecord, deployment_id: str) -> None:
    """Record a deployment id first seen in a launch, for a registration that accepts new ones."""
    add_deployment(record.id, deployment_id)
    logger.info("accepted new deployment %r for platform %s", deployment_id, record.id)


def request_client_approval(template: PlatformRecord, client_id: str) -> Platform:
    """Create a pending registration for a new client id of an issuer that allows them.

    Open edX gives every LTI component its own client id under one issuer, always with
    deployment "1". The operator registers the issuer once, and approves each new client id
    that shows up here instead of copying its details by hand.
    """
    existing = _find_row(template.issuer, client_id)
    if existing is not None:
        return existing
    details = PlatformDetails(
        issuer=template.issuer,
        client_id=client_id,
        auth_login_url=template.auth_login_url,
        auth_token_url=template.auth_token_url,
        key_set_url=template.key_set_url,
        deployment_ids=tuple(sorted(template.deployment_ids)),
        name=f"{template.name} (client {client_id})",
        auth_audience=template.auth_audience,
        product_family=template.product_family,
        accepts_new_deployments=template.accepts_new_deployments,
    )
    return add_platform(
        details, source=RegistrationSource.CLIENT_APPROVAL, status=PlatformStatus.PENDING
    )


def launch_saves() -> RegistrationSaves:
    """Return how launches save new deployments and new client ids (for ``lti.flow``)."""
    return RegistrationSaves(
        accept_new_deployment=accept_new_deployment,
        request_client_approval=request_client_approval,
    )


def register_dynamically(
    invite: str,
    request: dynamic_registration.RegistrationRequest,
    *,
    base_url: str,
    http: requests.Session,
    status: PlatformStatus,
    allowed_hosts: Iterable[str],
) -> Platform:
    """Use up the operator's invite, register with the platform that opened it, store the result.

    Without a valid unused invite, nothing is sent anywhere.

    Raises:
        Forbidden: when the invite is unknown, expired or used.
        InvalidInput: when the platform's configuration is unusable or it refuses lti-qi.
        Conflict: when the platform's issuer and client id are already registered.
    """
    if not invites.redeem(invite):
        raise Forbidden(
            "This registration link is not valid: it is unknown, has expired or was used.",
            hint="Ask the lti-qi operator for a new registration link (`lti-qi platform invite`) "
            "and paste it into your LMS's tool registration page.",
        )
    agreed = dynamic_registration.register_with_platform(
        request, base_url=base_url, http=http, allowed_hosts=allowed_hosts
    )
    platform = add_platform(
        agreed.details,
        source=RegistrationSource.DYNAMIC,
        status=status,
        registration_details=agreed.documents,
    )
    logger.info("dynamic registration stored platform %s as %s", platform.id, platform.status)
    return platform


def _find_row(issuer: str, client_id: str) -> Platform | None:
    query = select(Platform).where(Platform.issuer == issuer, Platform.client_id == client_id)
    return db.session.scalar(query)


def _new_platform_row(
    details: PlatformDetails,
    source: RegistrationSource,
    status: PlatformStatus,
    registration_details: dict[str, Any] | None,
) -> Platform:
    return Platform(
        name=details.name or details.issuer,
        issuer=details.issuer,
        client_id=details.client_id,
        auth_login_url=details.auth_login_url,
        auth_token_url=details.auth_token_url,
        auth_audience=details.auth_audience or None,
        key_set_url=details.key_set_url or None,
        key_set=details.key_set,
        product_family=details.product_family,
        status=status,
        source=source,
        accepts_new_deployments=details.accepts_new_deployments,
        approves_new_client_ids=details.approves_new_client_ids,
        registration_details=registration_details,
        deployments=[Deployment(deployment_id=d) for d in _unique(details.deployment_ids)],
    )


def _check_details(details: PlatformDetails) -> None:
    problems = [
        f"{name} must be an http(s) URL (got {value!r})"
        for name, value in (
            ("issuer", details.issuer),
            ("auth login URL", details.auth_login_url),
            ("auth token URL", details.auth_token_url),
            ("key set URL", details.key_set_url or "https://"),
        )
        if not value.startswith(("https://", "http://"))
    ]
    if not details.client_id.strip():
        problems.append("client id is empty")
    if not details.key_set_url and not details.key_set:
        problems.append("give either a key set (JWKS) URL or the platform's key set")
    for deployment_id in details.deployment_ids:
        _checked_deployment_id(deployment_id)
    if problems:
        raise InvalidInput("The registration is incomplete: " + "; ".join(problems) + ".")


def _checked_deployment_id(deployment_id: str) -> str:
    if not deployment_id or len(deployment_id) > 255 or not deployment_id.isascii():
        raise InvalidInput(
            f"Deployment id {deployment_id!r} is not valid: it must be 1-255 ASCII characters."
        )
    return deployment_id


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
