"""The ``lti-qi`` program: the operator's commands, plus ``demo`` (the tool beside the sandbox).

A composition root like ``lti_qi.wsgi``: it builds the application for each command and
adds the demo, which is the one command that composes lti-qi with the sandbox LMS.
"""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup

from lti_qi import create_app, demo
from lti_qi.settings import ConfigurationError


def main() -> None:
    """Run the ``lti-qi`` command line."""
    cli = FlaskGroup(create_app=_create_app, add_version_option=False, load_dotenv=False)
    cli.help = "lti-qi: an LTI 1.3 tool for quality improvement coursework and mentoring."
    cli.add_command(demo.demo_command)
    try:
        cli(prog_name="lti-qi")
    except ConfigurationError as error:
        click.echo(str(error), err=True)
        sys.exit(2)


def _create_app() -> Flask:
    return create_app()
