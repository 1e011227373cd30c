"""Every path and ``lti_qi.x.y`` module the docs name exists, so docs never drift.

Paths are those under ``lti_qi/``, ``tests/``, ``bench/``, ``templates/`` and ``config/``.

Checked in README.md and every Markdown file under docs/. A path is checked up to its first
placeholder (``lti_qi/web/<blueprint>/views.py`` checks ``lti_qi/web/``). A dotted name is a
module or package, or an attribute defined at the top of one (``lti_qi.settings.
ConfigurationError``). Nothing is imported: names are found in the source files.
"""

from __future__ import annotations

import ast
import configparser
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
PATH = re.compile(r"(?<![\w/.-])(?:lti_qi|tests|bench|templates|config)/[\w./-]*")
# Paths in other projects that the docs mention (an LMS's own configuration files).
OTHER_PROJECTS_PATHS = frozenset({"config/security.yml"})
DOTTED = re.compile(r"(?<![\w/.-])lti_qi(?:\.[A-Za-z_]\w*)+")


def _references(pattern: re.Pattern[str]) -> Iterator[tuple[str, str]]:
    """Yield ``(where, reference)`` for every match in the docs (``where`` is file:line)."""
    for doc in DOCS:
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
            for match in pattern.finditer(line):
                reference = match.group().rstrip(".")
                if line[match.end() : match.end() + 1] in ("*", "<"):  # a glob or placeholder
                    reference = reference[: reference.rfind("/") + 1]
                if reference not in OTHER_PROJECTS_PATHS:
                    yield f"{doc.relative_to(ROOT)}:{number}", reference


@cache
def _package_dirs() -> dict[str, Path]:
    """Packages installed from another folder (setup.cfg ``package_dir``: templates, config)."""
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg")
    mapped = parser["options"]["package_dir"].strip().splitlines()
    pairs = (line.split("=") for line in mapped)
    return {name.strip(): ROOT / folder.strip() for name, folder in pairs}


def _module_file(parts: list[str]) -> Path | None:
    """Return the source file of the module or package ``parts`` names, if there is one."""
    base = ROOT / Path(*parts)
    for package, folder in _package_dirs().items():
        prefix = package.split(".")
        if parts[: len(prefix)] == prefix:
            base = folder / Path(*parts[len(prefix) :])
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


@cache
def _top_level_names(source: Path) -> frozenset[str]:
    """Return the names a module defines or imports at its top level."""
    names: set[str] = set()
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(target.id for target in targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return frozenset(names)


def path_exists(reference: str) -> bool:
    """Whether a path named in the docs exists (up to its first placeholder)."""
    return (ROOT / reference).exists()


def module_exists(reference: str) -> bool:
    """Whether a dotted name is a module, or a name defined at the top of one."""
    parts = reference.split(".")
    for length in range(len(parts), 0, -1):
        source = _module_file(parts[:length])
        if source is not None:
            rest = parts[length:]
            return not rest or rest[0] in _top_level_names(source)
    return False


def test_the_docs_name_paths_and_modules_to_check() -> None:
    assert len(list(_references(PATH))) > 10
    assert len(list(_references(DOTTED))) > 10


def test_every_path_named_in_the_docs_exists() -> None:
    missing = [f"{where}: {ref}" for where, ref in _references(PATH) if not path_exists(ref)]
    assert not missing, "the docs name paths that do not exist:\n" + "\n".join(missing)


def test_every_module_named_in_the_docs_exists() -> None:
    missing = [f"{where}: {ref}" for where, ref in _references(DOTTED) if not module_exists(ref)]
    assert not missing, "the docs name modules that do not exist:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("reference", "exists"),
    [
        ("lti_qi/transaction.py", True),
        ("lti_qi/web/", True),
        ("lti_qi/services/passback_worker.py", False),
        ("lti_qi/domain/chart_rules.py", False),
    ],
)
def test_a_path_is_checked(reference: str, exists: bool) -> None:
    assert path_exists(reference) is exists


@pytest.mark.parametrize(
    ("reference", "exists"),
    [
        ("lti_qi.services.passback.score_delivery", True),
        ("lti_qi.settings.ConfigurationError", True),
        ("lti_qi.domain.charts.analyse", True),
        ("lti_qi.config", True),
        ("lti_qi.services.passback_worker", False),
        ("lti_qi.services.setup.prepare_demo", False),
        ("lti_qi.settings.NoSuchName", False),
    ],
)
def test_a_module_is_checked(reference: str, exists: bool) -> None:
    assert module_exists(reference) is exists
