"""Where lti-qi's packaged files live, in a wheel and in an editable install alike.

``templates/`` and ``config/`` are mapped into the package as ``lti_qi.templates`` and
``lti_qi.config`` (see setup.cfg), each with an empty ``__init__.py`` so that
``importlib.resources.files`` gives a real directory path.
"""

from importlib.resources import files
from pathlib import Path


def package_root() -> Path:
    """Return the directory of the installed ``lti_qi`` package."""
    return Path(str(files("lti_qi")))


def templates_dir() -> Path:
    """Return the directory holding the Jinja templates."""
    return Path(str(files("lti_qi.templates")))


def config_file(name: str) -> Path:
    """Return the path of a packaged configuration file such as ``default.toml``."""
    return Path(str(files("lti_qi.config"))) / name


def static_dir() -> Path:
    """Return the directory holding static assets (CSS, icons, small scripts)."""
    return package_root() / "static"


def migrations_dir() -> Path:
    """Return the Alembic migrations directory."""
    return package_root() / "migrations"


def default_instance_path() -> Path:
    """Return the default instance folder: ``./instance`` under the working directory."""
    return Path.cwd() / "instance"
