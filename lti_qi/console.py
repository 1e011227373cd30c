"""The ``lti-qi`` program: the operator's commands, plus ``demo`` (the tool beside the sandbox).

A composition root like ``lti_qi.wsgi``: it builds the application for each command and
adds the demo, which is the one command that composes lti-qi with the sandbox LMS.
"""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup
from flask.helpers import get_debug_flag

from lti_qi import __version__, create_app, demo
from lti_qi.settings import ConfigurationError, get_settings


def main() -> None:
    """Run the ``lti-qi`` command line."""
    try:
        build_cli()(prog_name="lti-qi")
    except ConfigurationError as error:
        click.echo(str(error), err=True)
        sys.exit(2)


def build_cli() -> FlaskGroup:
    """Return the ``lti-qi`` commands: Flask's, lti-qi's, ``demo`` and ``--version``."""
    cli = FlaskGroup(create_app=_create_app, add_version_option=False, load_dotenv=False)
    cli.params.append(
        click.Option(
            ["--version"],
            is_flag=True,
            expose_value=False,
            is_eager=True,
            callback=_print_version,
            help="Show the lti-qi version and exit.",
        )
    )
    cli.help = "lti-qi: an LTI 1.3 tool for quality improvement coursework and mentoring."
    cli.add_command(demo.demo_command)
    return cli


def _print_version(context: click.Context, _: click.Parameter, value: bool) -> None:
    if value and not context.resilient_parsing:
        click.echo(f"lti-qi {__version__}")
        context.exit()


def _create_app() -> Flask:
    app = create_app()
    with app.app_context():
        refuse_development_server(get_settings().env)
    return app


def refuse_development_server(env: str) -> None:
    """Refuse Flask's debugger (``--debug``) and development server (``run``) in production.

    Raises:
        ConfigurationError: under ``LTI_QI_ENV=production`` with either of them asked for.
    """
    if env != "production":
        return
    command = click.get_current_context(silent=True)
    if get_debug_flag():
        raise ConfigurationError(["--debug (FLASK_DEBUG) is refused in production"])
    if command is not None and command.info_name == "run":
        raise ConfigurationError(["`run` is refused in production: use `lti-qi serve`"])
