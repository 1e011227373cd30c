"""Every module fits on a few screens: no Python file passes 300 lines.

The package, the tests and the benchmarks are checked; Alembic's migration modules are not
(Alembic writes them).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 300
CHECKED = ("lti_qi", "tests", "bench")
WRITTEN_BY_ALEMBIC = Path("lti_qi/migrations/versions")


def checked_files() -> list[Path]:
    """Return the checked Python files, relative to the repository root."""
    found = (path.relative_to(ROOT) for folder in CHECKED for path in (ROOT / folder).rglob("*.py"))
    return sorted(path for path in found if not path.is_relative_to(WRITTEN_BY_ALEMBIC))


def test_no_python_file_is_over_300_lines() -> None:
    sizes = {path: len((ROOT / path).read_text().splitlines()) for path in checked_files()}
    offenders = {path: lines for path, lines in sizes.items() if lines > MAX_LINES}
    listed = ", ".join(f"{path} ({lines} lines)" for path, lines in sorted(offenders.items()))
    assert not offenders, f"split by meaning, to at most {MAX_LINES} lines: {listed}"
