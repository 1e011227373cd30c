"""``lti-qi admins``: the operator grants and withdraws administration of a whole organisation.

An administrator of one course sees that course only; a grant lets a person administer every
course of a platform's organisation (``services.platforms.administrators``).
"""

from __future__ import annotations

import click

from lti_qi.cli import FriendlyGroup
from lti_qi.services.platforms import administrators
from lti_qi.transaction import command_unit


@click.group("admins", cls=FriendlyGroup)
def admins_group() -> None:
    """Grant, withdraw and list organisation-wide administration."""


@admins_group.command("grant")
@click.argument("platform_id", type=int)
@click.argument("sub")
@command_unit
def admins_grant(platform_id: int, sub: str) -> None:
    """Make SUB (their LMS user id) an administrator of PLATFORM_ID's whole organisation."""
    user = administrators.grant(platform_id, sub)
    click.echo(f"{user.display_name} ({sub}) administers platform {platform_id}'s organisation.")


@admins_group.command("revoke")
@click.argument("platform_id", type=int)
@click.argument("sub")
@command_unit
def admins_revoke(platform_id: int, sub: str) -> None:
    """Withdraw SUB's administration of PLATFORM_ID's organisation."""
    if administrators.revoke(platform_id, sub):
        click.echo(f"{sub} no longer administers platform {platform_id}'s organisation.")
    else:
        click.echo(f"{sub} had no grant for platform {platform_id}.")


@admins_group.command("list")
@command_unit
def admins_list() -> None:
    """List every grant: platform, LMS user id and name."""
    granted = administrators.grants()
    if not granted:
        click.echo("No grants. Institution and system Administrators administer their LMS anyway.")
    for platform, user in granted:
        click.echo(
            f"{platform.id}\t{platform.name or platform.issuer}\t{user.sub}\t{user.display_name}"
        )
