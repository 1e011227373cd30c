"""The demo: lti-qi with the sandbox LMS mounted beside it, the sandbox installing lti-qi.

This is the only place that knows both applications. The tool (``create_app``) never imports
the sandbox, and the sandbox imports nothing of the tool: ``mount_sandbox`` serves the
sandbox's own WSGI app at ``/sandbox`` next to the tool (werkzeug's ``DispatcherMiddleware``),
and ``register_sandbox`` installs lti-qi in the sandbox the way any LMS administrator would,
through LTI Dynamic Registration over HTTP with a registration link from lti-qi's operator
(``lti-qi platform invite``), then approves the registration as that operator would
(``lti-qi platform approve``). Production refuses ``sandbox_enabled``.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import make_server

from lti_qi import create_app, sandbox, worker
from lti_qi.http import build_session
from lti_qi.lti import flow, registrations
from lti_qi.models import PlatformStatus
from lti_qi.sandbox import registration as sandbox_registration
from lti_qi.sandbox import services as sandbox_services
from lti_qi.services.platforms import invites, registry, setup
from lti_qi.settings import Settings, get_settings
from lti_qi.transaction import unit_of_work

logger = logging.getLogger(__name__)

MOUNT = "/sandbox"
SANDBOX_KEY = "lti_qi.demo.sandbox"


@click.command("demo")
@click.option("--port", type=int, help="Port to listen on (default from settings).")
@with_appcontext
def demo_command(port: int | None) -> None:
    """Set up the embedded default (SQLite, keys, sandbox LMS) and serve it for a browser.

    ``--port`` is the port setting for this run: unless ``base_url`` is set, it follows too.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if port is not None and port != get_settings().port:
        app = create_app({"port": port})
    with app.app_context():
        run_demo(app)


def run_demo(app: Flask) -> None:
    """Mount the sandbox beside ``app``, prepare both and serve them (in ``app``'s context)."""
    settings = get_settings()
    if not settings.sandbox_enabled:
        raise click.ClickException("The demo needs the sandbox LMS: unset LTI_QI_ENV=production.")
    mount_sandbox(app)
    prepare_demo(app)
    worker.start_in_thread(app)
    ready = f"\n  lti-qi is running. Open {settings.base_url}/sandbox/ to launch it as any role.\n"
    serve(app, settings.host, settings.port, ready=ready)


def mount_sandbox(tool: Flask) -> Flask:
    """Serve a sandbox LMS at ``/sandbox`` beside the tool and return the sandbox app."""
    settings: Settings = tool.extensions["lti_qi.settings"]
    if not settings.sandbox_enabled:
        raise RuntimeError("The sandbox LMS is off: set LTI_QI_SANDBOX_ENABLED=true.")
    database = Path(settings.instance_path) / "sandbox.sqlite3"
    lms = sandbox.create_sandbox_app(
        sandbox.SandboxConfig(
            issuer=settings.base_url + MOUNT,
            tool_registration_url=f"{settings.base_url}/lti/register",
            database_url=f"sqlite:///{database}",
            secret_key=settings.secret_key,
            http=build_session(settings.http_timeout_seconds),
            redis_url=settings.redis_url or None,
        )
    )
    tool.wsgi_app = DispatcherMiddleware(tool.wsgi_app, {MOUNT: lms})  # type: ignore[method-assign]
    tool.extensions[SANDBOX_KEY] = lms
    return lms


def mounted_sandbox(tool: Flask) -> Flask:
    """Return the sandbox app that ``mount_sandbox`` mounted beside the tool."""
    lms: Flask = tool.extensions[SANDBOX_KEY]
    return lms


def prepare_demo(tool: Flask) -> None:
    """Prepare lti-qi's database and the sandbox's courses (run in the tool's app context)."""
    with unit_of_work():
        setup.prepare_installation()
    with mounted_sandbox(tool).app_context():
        sandbox_services.install()


def register_sandbox(tool: Flask) -> None:
    """Install lti-qi in the sandbox by Dynamic Registration over HTTP, and approve it.

    The sandbox opens a registration link issued as ``lti-qi platform invite`` issues one.

    Runs in the tool's app context while the tool is being served (the tool calls the sandbox
    back while answering), and does nothing when the two already know each other.
    """
    lms = mounted_sandbox(tool)
    lms_config: sandbox.SandboxConfig = lms.extensions["sandbox"]
    if registrations.find_platform(lms_config.issuer, _launched_client_id(lms)):
        return
    with unit_of_work():  # committed before the call: a served lti-qi reads it in another thread
        invite = invites.issue(hours=1)
    with lms.app_context():
        url = sandbox_registration.registration_url(
            invites.registration_url(flow.runtime_for(tool).settings.base_url, invite)
        )
    with unit_of_work():  # served in-process, the tool's answer shares this session
        response = flow.runtime_for(tool).http.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"lti-qi refused the sandbox's registration: {response.text[:300]}")
    registrations.recheck()  # another process may have saved it (a served lti-qi)
    record = registrations.find_platform(lms_config.issuer, _launched_client_id(lms))
    if record is None:
        raise RuntimeError(
            "lti-qi does not know the tool the sandbox launches: remove the sandbox's "
            "database (sandbox.sqlite3 in the instance folder) and start the demo again."
        )
    with unit_of_work():
        registry.set_platform_status(record.id, PlatformStatus.ACTIVE)
    logger.info("the sandbox LMS installed lti-qi as client %s", record.client_id)


def _launched_client_id(lms: Flask) -> str:
    """Return the client id of the tool the sandbox launches ("" before one is installed)."""
    with lms.app_context():
        installed = sandbox_services.default_tool()
    return installed.client_id if installed is not None else ""


def serve(tool: Flask, host: str, port: int, *, ready: str) -> None:
    """Serve the demo (threaded: the tool calls the sandbox in the same process) until stopped.

    Args:
        tool: the tool, with the sandbox mounted.
        host: the address to listen on.
        port: the port to listen on.
        ready: what to print once lti-qi is installed in the sandbox.
    """
    server = make_server(host, port, tool, threaded=True)
    serving = threading.Thread(target=server.serve_forever, name="lti-qi-demo", daemon=True)
    serving.start()
    try:
        register_sandbox(tool)
        click.echo(ready)
        serving.join()
    finally:
        server.shutdown()
