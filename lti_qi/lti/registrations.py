"""Platform registrations as logins and launches read them: issuer + client id look-ups.

Lookups happen on every login and launch, so they read an in-process snapshot of all
registrations. Every change bumps a version in the shared cache; each process checks that
version at most once a second and reloads its snapshot when it changes, so a change made by
one worker reaches every worker within a second (``lti_qi.local_copies``). Registrations are
saved by ``services.platforms``, which announces each change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lti_qi import local_copies
from lti_qi.extensions import db
from lti_qi.lti.platforms import profile_for
from lti_qi.lti.platforms.profile import PlatformProfile
from lti_qi.models import Platform, PlatformStatus

SNAPSHOT = "platforms"
RESOURCE_LINK_PLACEHOLDER = "{resource_link_id}"
_ORIGINS = "lti_qi.platform_origins"
_HOST = re.compile(r"[a-z0-9.\-\[\]:]+")


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
    def profile(self) -> PlatformProfile:
        """Return the quirks of this registration's LMS family."""
        return profile_for(self.product_family)

    def key_set_url_for(self, resource_link_id: str | None) -> str | None:
        """Return the key set URL, filling in the resource link id where the URL needs one."""
        return _fill_placeholder(self.key_set_url, resource_link_id)

    def token_url_for(self, resource_link_id: str | None) -> str:
        """Return the token URL, filling in the resource link id where the URL needs one."""
        return _fill_placeholder(self.auth_token_url, resource_link_id) or self.auth_token_url


@dataclass(frozen=True)
class PlatformDetails:
    """What an operator (or the platform, in Dynamic Registration) gives to register it."""

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


def recheck() -> None:
    """Look for registrations another process has just saved on the next look-up."""
    local_copies.recheck(SNAPSHOT)


def find_platform(issuer: str, client_id: str) -> PlatformRecord | None:
    """Return the registration for an issuer and client id, or None."""
    return _records().get(issuer, {}).get(client_id)


def all_records() -> list[PlatformRecord]:
    """Return every registration (from the shared snapshot)."""
    return [record for records in _records().values() for record in records.values()]


def find_by_id(platform_id: int) -> PlatformRecord | None:
    """Return the registration with this id from the shared snapshot, if there is one."""
    return next((record for record in all_records() if record.id == platform_id), None)


def find_active(platform_id: int) -> PlatformRecord | None:
    """Return the registration with this id if it accepts launches and service calls."""
    record = find_by_id(platform_id)
    return record if record is not None and record.is_active else None


def platforms_for_issuer(issuer: str) -> list[PlatformRecord]:
    """Return every registration under one issuer (Canvas and Open edX have several)."""
    return list(_records().get(issuer, {}).values())


def list_platforms() -> list[Platform]:
    """Return every registration with its deployments, ordered by issuer and client id."""
    query = select(Platform).options(selectinload(Platform.deployments))
    return list(db.session.scalars(query.order_by(Platform.issuer, Platform.client_id)))


def _records() -> dict[str, dict[str, PlatformRecord]]:
    """Every registration by issuer and client id, as this process last loaded them."""
    return local_copies.current(SNAPSHOT, _load_records)


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


def _fill_placeholder(url: str | None, resource_link_id: str | None) -> str | None:
    if url and RESOURCE_LINK_PLACEHOLDER in url:
        return url.replace(RESOURCE_LINK_PLACEHOLDER, quote(resource_link_id or "", safe=""))
    return url


def framing_origins() -> frozenset[str]:
    """Return the origins of every platform's issuer and login URL: the LMSs that frame lti-qi.

    Read on every response (for ``frame-ancestors``), so it is worked out once per snapshot
    version and kept beside the snapshot it came from.
    """
    records = _records()
    kept: tuple[object, frozenset[str]] | None = current_app.extensions.get(_ORIGINS)
    if kept is None or kept[0] is not records:
        urls = (url for record in all_records() for url in (record.issuer, record.auth_login_url))
        kept = (records, frozenset(filter(None, map(origin_of, urls))))
        current_app.extensions[_ORIGINS] = kept
    return kept[1]


def origin_of(url: str) -> str | None:
    """Return ``scheme://host[:port]`` of an http(s) URL, or None for anything else."""
    parts = urlsplit(url.strip())
    host = parts.netloc.rsplit("@", 1)[-1].lower()
    if parts.scheme not in ("http", "https") or not _HOST.fullmatch(host):
        return None
    return f"{parts.scheme}://{host}"
