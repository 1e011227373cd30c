"""The ``lti-qi`` commands an operator runs: platforms, keys, content, setup, serve, worker.

``create_app`` attaches them to the application; ``lti_qi.console`` is the ``lti-qi``
program itself (with ``demo`` and, from Flask-Migrate, ``db``).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from lti_qi import worker
from lti_qi.errors import UserError
from lti_qi.lti import registrations
from lti_qi.lti.registrations import PlatformDetails
from lti_qi.models import PlatformStatus
from lti_qi.services.content import packs
from lti_qi.services.platforms import invites, keys, registry
from lti_qi.settings import get_settings
from lti_qi.transaction import command_unit


class FriendlyGroup(click.Group):
    """A command group that shows lti-qi's user errors as messages, not tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, turning a ``UserError`` into a one-line error and exit code 1."""
        try:
            return super().invoke(ctx)
        except UserError as error:
            raise click.ClickException(_explain(error)) from error


def _explain(error: UserError) -> str:
    return f"{error.message} {error.hint}" if error.hint else error.message


def register_commands(app: Flask) -> None:
    """Attach lti-qi's command groups to an application."""
    commands = (
        platform_group,
        keys_group,
        content_group,
        setup_command,
        serve_command,
        worker_command,
    )
    for command in commands:
        app.cli.add_command(command)


@click.group("platform", cls=FriendlyGroup)
def platform_group() -> None:
    """Register and review the LMS platforms that may launch lti-qi."""


@platform_group.command("add")
@click.option(
    "--issuer", required=True, help="The platform's issuer (iss), e.g. https://lms.example.org"
)
@click.option("--client-id", required=True, help="The client id the platform gave lti-qi.")
@click.option(
    "--deployment-id", "deployment_ids", multiple=True, help="A deployment id (repeatable)."
)
@click.option("--auth-login-url", required=True, help="The platform's OIDC authorisation URL.")
@click.option("--auth-token-url", required=True, help="The platform's OAuth2 access token URL.")
@click.option("--key-set-url", help="The platform's public key set (JWKS) URL.")
@click.option(
    "--key-set-file",
    type=click.Path(exists=True, dir_okay=False),
    help="A JWKS file instead of a URL.",
)
@click.option("--auth-audience", help="Audience for token requests, if not the token URL.")
@click.option("--name", default="", help="A name to show administrators.")
@click.option(
    "--product", "product_family", default="", help="openedx, moodle, canvas, brightspace..."
)
@click.option(
    "--accept-new-deployments",
    "accepts_new_deployments",
    is_flag=True,
    help="Accept deployment ids first seen in a launch.",
)
@click.option(
    "--approve-client-ids",
    "approves_new_client_ids",
    is_flag=True,
    help="New client ids of this issuer wait for approval (Open edX).",
)
@command_unit
def platform_add(key_set_file: str | None, deployment_ids: tuple[str, ...], **options: Any) -> None:
    """Register a platform (issuer + client id) with its endpoints and deployments."""
    key_set = json.loads(Path(key_set_file).read_text()) if key_set_file else None
    details = PlatformDetails(deployment_ids=deployment_ids, key_set=key_set, **options)
    platform = registry.add_platform(details)
    click.echo(
        f"Registered platform {platform.id}: {platform.issuer} (client id {platform.client_id})."
    )
    _echo_tool_urls()


@platform_group.command("list")
@command_unit
def platform_list() -> None:
    """List registrations with their status and deployments."""
    rows = registrations.list_platforms()
    if not rows:
        click.echo("No platforms registered yet. Add one with `lti-qi platform add`.")
    for platform in rows:
        deployments = ", ".join(d.deployment_id for d in platform.deployments) or "none"
        click.echo(
            f"{platform.id:>4}  {platform.status:<8}  {platform.issuer}  "
            f"client={platform.client_id}  deployments={deployments}  source={platform.source}"
        )


@platform_group.command("remove")
@click.argument("platform_id", type=int)
@command_unit
def platform_remove(platform_id: int) -> None:
    """Remove a registration: its launches will be refused."""
    registry.remove_platform(platform_id)
    click.echo(f"Removed platform {platform_id}.")


@platform_group.command("approve")
@click.argument("platform_id", type=int)
@command_unit
def platform_approve(platform_id: int) -> None:
    """Accept launches from a pending registration (dynamic registration, new client id)."""
    registry.set_platform_status(platform_id, PlatformStatus.ACTIVE)
    click.echo(f"Platform {platform_id} is active.")


@platform_group.command("disable")
@click.argument("platform_id", type=int)
@command_unit
def platform_disable(platform_id: int) -> None:
    """Refuse launches from a registration without deleting it."""
    registry.set_platform_status(platform_id, PlatformStatus.DISABLED)
    click.echo(f"Platform {platform_id} is disabled.")


@platform_group.command("invite")
@click.option("--hours", type=click.IntRange(1, 720), default=24, show_default=True)
@command_unit
def platform_invite(hours: int) -> None:
    """Print a Dynamic Registration link for one LMS: it works once, for --hours hours."""
    click.echo(invites.registration_url(get_settings().base_url, invites.issue(hours)))
    click.echo(f"Paste it into the LMS's tool registration page within {hours} hours; once only.")


@platform_group.command("add-deployment")
@click.argument("platform_id", type=int)
@click.argument("deployment_id")
@command_unit
def platform_add_deployment(platform_id: int, deployment_id: str) -> None:
    """Add a deployment id to a registration."""
    registry.add_deployment(platform_id, deployment_id)
    click.echo(f"Platform {platform_id} accepts deployment {deployment_id!r}.")


@click.group("keys", cls=FriendlyGroup)
def keys_group() -> None:
    """Manage the tool's signing keys."""


@keys_group.command("rotate")
@command_unit
def keys_rotate() -> None:
    """Make a new signing key current; the previous one stays published for the grace period."""
    had_key = bool(keys.list_keys())
    new_key = keys.rotate_keys()
    click.echo(f"New signing key {new_key.kid}.")
    if had_key:
        grace = get_settings().key_rotation_grace_hours
        click.echo(f"The previous key stays in the JWKS for {grace} hours.")


@keys_group.command("list")
@command_unit
def keys_list() -> None:
    """List signing keys, newest first."""
    for key in keys.list_keys():
        state = (
            "current" if key.retired_at is None else f"retired {key.retired_at:%Y-%m-%d %H:%M} UTC"
        )
        click.echo(f"{key.kid}  created {key.created_at:%Y-%m-%d %H:%M} UTC  {state}")


@click.group("content", cls=FriendlyGroup)
def content_group() -> None:
    """Check, install and list content packs (pathways of QI modules)."""


@content_group.command("check")
@click.argument("path", type=click.Path(path_type=Path))
def content_check(path: Path) -> None:
    """Check a content pack folder and print every problem with its file, line and fix."""
    found = packs.check_pack(path)
    for problem in found:
        click.echo(str(problem))
    if found:
        raise click.ClickException(f"{len(found)} problem(s): the pack would be refused.")
    click.echo("\n".join([f"{path}: no problems found.", *packs.quiz_report(path)]))


@content_group.command("load")
@click.argument("path", type=click.Path(path_type=Path), required=False)
@command_unit
def content_load(path: Path | None) -> None:
    """Install or upgrade a content pack (the default QI pathway when no PATH is given)."""
    result = packs.install_pack(path or packs.default_pack_path())
    pack = result.pack
    if not result.changed:
        click.echo(f"{pack.slug} {pack.version} is already installed and unchanged.")
        return
    click.echo(f"Installed {pack.slug} {pack.version}: {pack.title}.")
    if result.archived:
        click.echo("Archived (kept for learners' records): " + ", ".join(result.archived))


@content_group.command("list")
@command_unit
def content_list() -> None:
    """List installed content packs and versions."""
    for pack in packs.list_packs(every=True):
        marker = "current" if pack.is_current else "older"
        click.echo(f"{pack.slug:<24} {pack.version:<10} {marker:<8} {pack.title}")


@click.command("setup")
@command_unit
def setup_command() -> None:
    """Prepare the database: migrations, first signing key, bundled content (run after upgrades)."""
    from lti_qi.services.platforms import setup

    result = setup.prepare_installation()
    click.echo(result.summary())
    if result.key_problem:
        raise click.ClickException(result.key_problem)


@click.command("serve")
@click.option("--workers", type=int, help="gunicorn worker processes (default from settings).")
@click.option("--port", type=int, help="Port to listen on, on the configured host.")
@click.option("--bind", help="host:port (or unix:PATH) to listen on, instead of host and port.")
@with_appcontext
def serve_command(workers: int | None, port: int | None, bind: str | None) -> None:
    """Run the production server (gunicorn) on the configured host and port."""
    settings = get_settings()
    if settings.env != "production":
        click.echo(
            f"Warning: serving the {settings.env!r} configuration; set LTI_QI_ENV=production.",
            err=True,
        )
    bind = bind or f"{settings.host}:{port or settings.port}"
    arguments = ["gunicorn", "--bind", bind, "--workers", str(workers or settings.workers)]
    arguments += ["--worker-class", "gthread", "--threads", str(settings.threads)]
    arguments += ["--access-logfile", "-", "lti_qi.wsgi:app"]
    # Replace this process with gunicorn, so signals from the supervisor reach it directly.
    os.execvp(sys.executable, [sys.executable, "-m", *arguments])  # noqa: S606


@click.command("worker")
@click.option("--interval", default=2.0, show_default=True, help="Seconds to wait when idle.")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@click.option("--name", help="Name in the delivery log (default: host and process id).")
@with_appcontext
def worker_command(interval: float, once: bool, name: str | None) -> None:
    """Deliver queued grades and emails, and refresh course rosters (run beside `serve`)."""
    name = name or worker.default_name()
    if once:
        total = 0
        while done := worker.run_round(name):
            total += done
        click.echo(f"Worked through {total} item(s): scores, emails and course rosters.")
        return
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    click.echo(f"Worker {name} delivering queued grades and emails; stop with Ctrl+C.")
    worker.run(current_app._get_current_object(), stop, name=name, interval=interval)  # type: ignore[attr-defined]


def _echo_tool_urls() -> None:
    base = get_settings().base_url
    click.echo("Give the LMS these lti-qi values:")
    click.echo(f"  Login (OIDC initiation) URL: {base}/lti/login")
    click.echo(f"  Launch / redirect URL:       {base}/lti/launch")
    click.echo(f"  Public key set (JWKS) URL:   {base}/.well-known/jwks.json")
