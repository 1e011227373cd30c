"""Fixtures for content-pack tests: the minimal example pack, and editable copies of it."""

import copy
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from lti_qi.content import loader

MINIMAL_PACK = Path(__file__).parent / "packs" / "minimal"


@dataclass
class PackCopy:
    """A copy of the minimal pack in a temporary folder, edited by exact text replacement."""

    root: Path

    def text(self, file: str = "pack.yaml") -> str:
        return (self.root / file).read_text(encoding="utf-8")

    def write(self, file: str, content: str | bytes) -> None:
        path = self.root / file
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    def replace(self, old: str, new: str, file: str = "pack.yaml", *, after: str = "") -> int:
        """Replace the first `old` found after `after`; return the 1-based line where it was."""
        text = self.text(file)
        start = text.index(after) if after else 0
        index = text.index(old, start)
        self.write(file, text[:index] + new + text[index + len(old) :])
        return text.count("\n", 0, index) + 1

    def line_of(self, needle: str, file: str = "pack.yaml", *, after: str = "") -> int:
        """Return the 1-based line of the first `needle` found after `after`."""
        text = self.text(file)
        start = text.index(after) if after else 0
        return text.count("\n", 0, text.index(needle, start)) + 1

    def problems(self) -> list[loader.Problem]:
        return loader.check_pack(self.root)


@pytest.fixture
def pack(tmp_path: Path) -> PackCopy:
    """An editable copy of the minimal pack."""
    root = tmp_path / "pack"
    shutil.copytree(MINIMAL_PACK, root)
    return PackCopy(root)


@pytest.fixture(scope="session")
def _minimal_manifest() -> dict[str, Any]:
    return yaml.safe_load((MINIMAL_PACK / "pack.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def manifest(_minimal_manifest: dict[str, Any]) -> dict[str, Any]:
    """The minimal pack's manifest as plain data, free to edit."""
    return copy.deepcopy(_minimal_manifest)
