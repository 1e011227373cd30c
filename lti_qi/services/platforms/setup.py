"""Bring an installation to a usable state: schema, signing key, bundled content."""

from __future__ import annotations

import flask_migrate

from lti_qi import paths
from lti_qi.services.content import packs
from lti_qi.services.platforms import keys


def upgrade_database() -> None:
    """Apply every pending migration."""
    flask_migrate.upgrade(directory=str(paths.migrations_dir()))


def prepare_installation() -> packs.InstallResult:
    """Bring the database up to this version of lti-qi (safe to run again at any time).

    Applies migrations, makes the first signing key if there is none, and installs or
    upgrades the bundled default pack (learners' work survives an upgrade). The caller
    commits (``lti-qi setup`` runs it as one unit of work).
    """
    upgrade_database()
    keys.ensure_signing_key()
    return packs.install_pack(packs.default_pack_path(), installed_by="lti-qi setup")
