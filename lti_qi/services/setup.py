"""Bring an installation to a usable state: schema, signing key, and for the demo the sandbox."""

from __future__ import annotations

import logging

import flask_migrate

from lti_qi import paths
from lti_qi.services import content, keys
from lti_qi.settings import get_settings

logger = logging.getLogger(__name__)


def upgrade_database() -> None:
    """Apply every pending migration."""
    flask_migrate.upgrade(directory=str(paths.migrations_dir()))


def prepare_installation() -> content.InstallResult:
    """Bring the database up to this version of lti-qi (safe to run again at any time).

    Applies migrations, makes the first signing key if there is none, and installs or
    upgrades the bundled default pack (learners' work survives an upgrade). The caller
    commits (``lti-qi setup`` runs it as one unit of work).
    """
    upgrade_database()
    keys.ensure_signing_key()
    return content.install_pack(content.default_pack_path(), installed_by="lti-qi setup")


def prepare_demo() -> None:
    """Prepare the installation, and install the sandbox LMS as a registered platform."""
    from lti_qi.sandbox import services as sandbox

    prepare_installation()
    sandbox.install(get_settings().base_url)
    logger.info("demo ready at %s/sandbox/", get_settings().base_url)
