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


def prepare_demo() -> None:
    """Migrate, make a signing key, and install the sandbox LMS as a registered platform."""
    from lti_qi.sandbox import services as sandbox

    upgrade_database()
    keys.ensure_signing_key()
    content.install_pack(content.default_pack_path(), installed_by="demo")
    sandbox.install(get_settings().base_url)
    logger.info("demo ready at %s/sandbox/", get_settings().base_url)
