"""docs/configuration.md documents every key of config/default.toml, and no other key.

A key is documented by a table row whose first cell is the key in backticks and whose second
cell is its environment variable, e.g. ``| `port` | `LTI_QI_PORT` | ...``.
"""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\|\s*`([a-z0-9_]+)`\s*\|\s*`([A-Z0-9_]+)`\s*\|")


def _default_keys() -> set[str]:
    with (ROOT / "config" / "default.toml").open("rb") as handle:
        return set(tomllib.load(handle))


def _documented_rows() -> dict[str, str]:
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    rows = (ROW.match(line) for line in text.splitlines())
    return {match.group(1): match.group(2) for match in rows if match}


def test_every_setting_is_documented() -> None:
    missing = _default_keys() - set(_documented_rows())
    assert not missing, f"add a row to docs/configuration.md for: {sorted(missing)}"


def test_every_documented_setting_exists() -> None:
    stale = set(_documented_rows()) - _default_keys()
    assert not stale, f"docs/configuration.md documents keys that are gone: {sorted(stale)}"


def test_environment_variable_names_match_their_keys() -> None:
    wrong = {
        key: variable
        for key, variable in _documented_rows().items()
        if variable != f"LTI_QI_{key.upper()}"
    }
    assert not wrong, f"environment variable names in docs/configuration.md: {wrong}"
