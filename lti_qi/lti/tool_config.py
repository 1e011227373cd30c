"""pylti1p3 tool configuration backed by lti-qi's platform registrations.

Every issuer may have many client ids (Canvas cloud shares one issuer between schools;
Open edX gives each component its own client id), so lookups always use issuer + client id.
A login without ``client_id`` is accepted only when the issuer has exactly one registration.
What a launch learns and must keep (a new deployment id, a new client id waiting for
approval) is saved through ``RegistrationSaves``, which the application wires to
``services.platforms``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from pylti1p3.deployment import Deployment
from pylti1p3.registration import Registration
from pylti1p3.request import Request
from pylti1p3.tool_config import ToolConfAbstract

from lti_qi.errors import LaunchError
from lti_qi.lti import registrations
from lti_qi.lti.registrations import PlatformRecord
from lti_qi.models import Platform, PlatformStatus

REGISTER_HINT = (
    "Ask your lti-qi administrator to register this LMS with "
    "`lti-qi platform add --issuer {issuer} --client-id {client_id} ...` "
    "(see docs/platforms/ for the values your LMS shows)."
)


@dataclass(frozen=True)
class RegistrationSaves:
    """How a launch saves what it learns about its registration.

    Attributes:
        accept_new_deployment: Records a deployment id first seen in a launch, for a
            registration that accepts new ones.
        request_client_approval: Files a pending registration for a new client id, copied
            from the issuer's registration that approves new client ids; returns it.
    """

    accept_new_deployment: Callable[[PlatformRecord, str], object]
    request_client_approval: Callable[[PlatformRecord, str], Platform]


class DatabaseToolConf(ToolConfAbstract[Request]):
    """Finds registrations and deployments in the snapshot of ``lti.registrations``."""

    def __init__(self, saves: RegistrationSaves):
        super().__init__()
        self.saves = saves

    def check_iss_has_one_client(self, iss: str) -> bool:
        """Report that any issuer may have several client ids."""
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        """Report that any issuer may have several client ids."""
        return True

    def find_registration_by_issuer(self, iss: str, *args: Any, **kwargs: Any) -> Registration:
        """Find the registration of an issuer that has exactly one client id."""
        return self.find_registration_by_params(iss, None, *args, **kwargs)

    def find_registration_by_params(
        self, iss: str, client_id: str | None, *args: Any, **kwargs: Any
    ) -> Registration:
        """Find the active registration for an issuer and client id.

        Raises:
            LaunchError: naming the issuer and client id, when none is registered or active.
        """
        record = active_platform(iss, client_id)
        return to_registration(record)

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        """Not used: lookups always go through issuer and client id."""
        return None

    def find_deployment_by_params(
        self, iss: str, deployment_id: str, client_id: str, *args: Any, **kwargs: Any
    ) -> Deployment | None:
        """Return the deployment if it is registered, accepting a new one where allowed."""
        record = active_platform(iss, client_id)
        if deployment_id not in record.deployment_ids:
            if not record.accepts_new_deployments:
                return None
            self.saves.accept_new_deployment(record, deployment_id)
        return Deployment().set_deployment_id(deployment_id)


def active_platform(issuer: str, client_id: str | None) -> PlatformRecord:
    """Return the active registration for an issuer and client id, or explain what is missing.

    Raises:
        LaunchError: when the registration is unknown, pending approval or disabled.
    """
    record = _lookup(issuer, client_id)
    if not record.is_active and not record.is_provisional:
        raise LaunchError(
            "registration",
            f"lti-qi's registration for {issuer} (client id {record.client_id}) is "
            f"{record.status}, so launches from it are not accepted yet.",
            hint="Ask your lti-qi administrator to approve it (`lti-qi platform approve "
            f"{record.id}`).",
            status=403,
        )
    return record


def to_registration(
    record: PlatformRecord,
    *,
    resource_link_id: str | None = None,
    registration: Registration | None = None,
) -> Registration:
    """Fill a pylti1p3 ``Registration`` (a new one by default) from a record, without a key."""
    registration = (
        (registration or Registration())
        .set_issuer(record.issuer)
        .set_client_id(record.client_id)
        .set_auth_login_url(record.auth_login_url)
        .set_auth_token_url(record.token_url_for(resource_link_id))
        .set_key_set_url(record.key_set_url_for(resource_link_id))
        .set_key_set(record.key_set)  # type: ignore[arg-type]
    )
    if record.auth_audience:
        registration.set_auth_audience(record.auth_audience)
    return registration


def _lookup(issuer: str, client_id: str | None) -> PlatformRecord:
    if client_id:
        record = registrations.find_platform(issuer, client_id)
        if record is not None:
            return record
        return _approval_or_unknown(issuer, client_id)
    candidates = registrations.platforms_for_issuer(issuer)
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise _unknown(issuer, "(none sent)")
    raise LaunchError(
        "registration",
        f"{issuer} has {len(candidates)} registrations in lti-qi and the login request did "
        "not say which client id it is for.",
        hint="Ask your LMS administrator to send client_id in the login request, or remove the "
        "registrations that are no longer used.",
    )


def _approval_or_unknown(issuer: str, client_id: str) -> PlatformRecord:
    """A new client id of an issuer that allows them gets a provisional, unsaved record.

    The login goes ahead with the issuer's endpoints; the registration is stored (pending
    approval) only once a launch signed by the issuer's keys proves the client id is real,
    so nobody can fill the database by calling the login URL with made-up client ids.
    """
    template = next(
        (p for p in registrations.platforms_for_issuer(issuer) if p.approves_new_client_ids),
        None,
    )
    if template is None:
        raise _unknown(issuer, client_id)
    return replace(
        template,
        id=0,
        client_id=client_id,
        status=PlatformStatus.PENDING,
        approves_new_client_ids=False,
        is_provisional=True,
    )


class ApprovalPending(LaunchError):
    """A new client id was registered, pending approval: the launch is refused, the record kept."""


def register_provisional(record: PlatformRecord, saves: RegistrationSaves) -> ApprovalPending:
    """Store a provisional registration that a signed launch vouched for; explain the wait."""
    template = next(
        p for p in registrations.platforms_for_issuer(record.issuer) if p.approves_new_client_ids
    )
    pending = saves.request_client_approval(template, record.client_id)
    return ApprovalPending(
        "registration",
        f"This LTI component (client id {record.client_id}) of {record.issuer} is new to lti-qi "
        "and is waiting for approval.",
        hint="Ask your lti-qi administrator to approve it "
        f"(`lti-qi platform approve {pending.id}`), then launch again.",
        status=403,
    )


def _unknown(issuer: str, client_id: str) -> LaunchError:
    return LaunchError(
        "registration",
        f"lti-qi does not know the LMS {issuer} with client id {client_id}.",
        hint=REGISTER_HINT.format(issuer=issuer, client_id=client_id),
    )
