"""Platform registrations: add, review, approve, disable and look up the LMSs lti-qi trusts.

Lookups happen on every login and launch, so they read an in-process snapshot of all
registrations. Every change bumps a version in the shared cache; each process checks that
version at most once a second and reloads its snapshot when it changes, so a change made by
one worker reaches every worker within a second.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lti_qi.errors import Conflict, InvalidInput, NotFound
from lti_qi.extensions import db
from lti_qi.models import Deployment, Platform, PlatformStatus, RegistrationSource
from lti_qi.services import local_copies

logger = logging.getLogger(__name__)

RESOURCE_LINK_PLACEHOLDER = "{resource_link_id}"


ONE_COLUMN_FAMILIES = frozenset({"openedx", "edx"})


@dataclass(frozen=True)
class PlatformRecord:
    """An immutable copy of one registration, safe to share between threads."""

    id: int
    name: str
    issuer: str
    client_id: str
    auth_login_url: str
    auth_token_url: str
    auth_audience: str | None
    key_set_url: str | None
    key_set: dict[str, Any] | None
    product_family: str
    status: PlatformStatus
    accepts_new_deployments: bool
    approves_new_client_ids: bool
    deployment_ids: frozenset[str] = field(default_factory=frozenset)
    is_provisional: bool = False

    @property
    def is_active(self) -> bool:
        """Whether launches through this registration are accepted."""
        return self.status == PlatformStatus.ACTIVE

    @property
    def grades_one_column_per_link(self) -> bool:
        """Whether the LMS turns any score on a link's columns into the link's one grade.

        Open edX takes the latest fully graded score on any line item of a component as its
        grade, so a CPD column there would overwrite the module score.
        """
        family = "".join(ch for ch in self.product_family.lower() if ch.isalnum())
        return family in ONE_COLUMN_FAMILIES

    def key_set_url_for(self, resource_link_id: str | None) -> str | None:
        """Return the key set URL, filling in the resource link id where the URL needs one."""
        return _fill_placeholder(self.key_set_url, resource_link_id)

    def token_url_for(self, resource_link_id: str | None) -> str:
        """Return the token URL, filling in the resource link id where the URL needs one."""
        return _fill_placeholder(self.auth_token_url, resource_link_id) or self.auth_token_url


@dataclass(frozen=True)
class PlatformDetails:
    """What an operator gives to register a platform."""

    issuer: str
    client_id: str
    auth_login_url: str
    auth_token_url: str
    key_set_url: str | None = None
    deployment_ids: tuple[str, ...] = ()
    name: str = ""
    auth_audience: str | None = None
    key_set: dict[str, Any] | None = None
    product_family: str = ""
    accepts_new_deployments: bool = False
    approves_new_client_ids: bool = False


def find_platform(issuer: str, client_id: str) -> PlatformRecord | None:
    """Return the registration for an issuer and client id, or None."""
    return _records().get(issuer, {}).get(client_id)


def all_records() -> list[PlatformRecord]:
    """Return every registration (from the shared snapshot)."""
    return [record for records in _records().values() for record in records.values()]


def find_by_id(platform_id: int) -> PlatformRecord | None:
    """Return the registration with this id from the shared snapshot, if there is one."""
    return next((record for record in all_records() if record.id == platform_id), None)


def organisation_ids(platform_id: int) -> frozenset[int]:
    """Return the registrations that make up one organisation with this one.

    Usually a registration is an organisation (Canvas gives each school its own developer key
    under one shared issuer). Where the operator lets an issuer's new client ids be approved
    from one registration (Open edX: one client id per component), every registration of
    that issuer belongs to the same organisation.
    """
    record = find_by_id(platform_id)
    if record is None:
        return frozenset()
    same_issuer = platforms_for_issuer(record.issuer)
    if any(other.approves_new_client_ids for other in same_issuer):
        return frozenset(other.id for other in same_issuer)
    return frozenset({platform_id})


def platforms_for_issuer(issuer: str) -> list[PlatformRecord]:
    """Return every registration under one issuer (Canvas and Open edX have several)."""
    return list(_records().get(issuer, {}).values())


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


def list_platforms() -> list[Platform]:
    """Return every registration with its deployments, ordered by issuer and client id."""
    query = select(Platform).options(selectinload(Platform.deployments))
    return list(db.session.scalars(query.order_by(Platform.issuer, Platform.client_id)))


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


def _records() -> dict[str, dict[str, PlatformRecord]]:
    """Every registration by issuer and client id, as this process last loaded them."""
    return local_copies.current("platforms", _load_records)


def _load_records() -> dict[str, dict[str, PlatformRecord]]:
    by_issuer: dict[str, dict[str, PlatformRecord]] = {}
    for platform in list_platforms():
        by_issuer.setdefault(platform.issuer, {})[platform.client_id] = _record(platform)
    return by_issuer


def _record(platform: Platform) -> PlatformRecord:
    return PlatformRecord(
        id=platform.id,
        name=platform.name,
        issuer=platform.issuer,
        client_id=platform.client_id,
        auth_login_url=platform.auth_login_url,
        auth_token_url=platform.auth_token_url,
        auth_audience=platform.auth_audience,
        key_set_url=platform.key_set_url,
        key_set=platform.key_set,
        product_family=platform.product_family,
        status=PlatformStatus(platform.status),
        accepts_new_deployments=platform.accepts_new_deployments,
        approves_new_client_ids=platform.approves_new_client_ids,
        deployment_ids=frozenset(d.deployment_id for d in platform.deployments),
    )


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


def _fill_placeholder(url: str | None, resource_link_id: str | None) -> str | None:
    if url and RESOURCE_LINK_PLACEHOLDER in url:
        return url.replace(RESOURCE_LINK_PLACEHOLDER, quote(resource_link_id or "", safe=""))
    return url
