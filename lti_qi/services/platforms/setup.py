"""Bring an installation to a usable state: schema, signing key, bundled content."""

from __future__ import annotations

from dataclasses import dataclass

import flask_migrate
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from lti_qi import paths
from lti_qi.extensions import db
from lti_qi.lti import tool_keys
from lti_qi.services.content import packs
from lti_qi.services.platforms import keys


@dataclass(frozen=True)
class SetupResult:
    """What ``prepare_installation`` did: the schema before and after, the key, the pack."""

    schema_before: str | None
    schema_after: str | None
    key_problem: str | None
    pack: packs.InstallResult

    def summary(self) -> str:
        """Describe the result in one line, as ``lti-qi setup`` prints it."""
        if self.schema_before == self.schema_after:
            schema = f"Database already at head ({self.schema_after})"
        else:
            before = self.schema_before or "empty"
            schema = f"Database migrated from {before} to {self.schema_after}"
        key = "signing key NOT usable" if self.key_problem else "signing key ready"
        pack = self.pack.pack
        change = "installed" if self.pack.changed else "already current"
        return f"{schema}; {key}; pack {pack.slug} {pack.version} {change}."


def schema_revisions() -> tuple[str | None, str | None]:
    """Return the database's Alembic revision and the head this version of lti-qi expects."""
    config = Config()
    config.set_main_option("script_location", str(paths.migrations_dir()))
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, ScriptDirectory.from_config(config).get_current_head()


def upgrade_database() -> None:
    """Apply every pending migration."""
    flask_migrate.upgrade(directory=str(paths.migrations_dir()))


def prepare_installation() -> SetupResult:
    """Bring the database up to this version of lti-qi (safe to run again at any time).

    Applies migrations, makes the first signing key if there is none, checks that it can be
    decrypted, and installs or upgrades the bundled default pack (learners' work survives an
    upgrade). The caller commits (``lti-qi setup`` runs it as one unit of work).
    """
    before, _ = schema_revisions()
    upgrade_database()
    after, _ = schema_revisions()
    keys.ensure_signing_key()
    try:
        tool_keys.current_signing_key()
        key_problem = None
    except RuntimeError as error:
        key_problem = str(error)
    pack = packs.install_pack(packs.default_pack_path(), installed_by="lti-qi setup")
    return SetupResult(before, after, key_problem, pack)
