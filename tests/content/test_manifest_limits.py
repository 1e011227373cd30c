"""A manifest too large or nested too deep is refused within a second, with what to do."""

from __future__ import annotations

import time
import zipfile
from typing import TYPE_CHECKING

from lti_qi.content.manifest_yaml import MAX_DEPTH, MAX_MANIFEST_BYTES
from lti_qi.services.content.pack_upload import check_members

if TYPE_CHECKING:
    from tests.content.conftest import PackCopy

DEEP = "nested: " + "[" * 5000 + "]" * 5000 + "\n"


def timed_problems(pack: PackCopy) -> tuple[list[str], float]:
    """Check the pack; return its problems as text and the seconds the check took."""
    started = time.perf_counter()
    found = pack.problems()
    return [str(problem) for problem in found], time.perf_counter() - started


def test_a_manifest_nested_5000_deep_is_refused_at_once(pack: PackCopy) -> None:
    pack.write("pack.yaml", pack.text() + DEEP)
    found, seconds = timed_problems(pack)
    assert seconds < 1
    assert len(found) == 1
    assert f"nest more than {MAX_DEPTH} deep" in found[0]


def test_a_manifest_over_the_size_limit_is_refused_at_once(pack: PackCopy) -> None:
    filler = "".join(f"# filler line {n} to make the manifest large\n" for n in range(400_000))
    pack.write("pack.yaml", pack.text() + filler)
    found, seconds = timed_problems(pack)
    assert seconds < 1
    assert len(found) == 1
    assert "a manifest may be 1 MB at most" in found[0]


def test_the_minimal_pack_is_within_both_limits(pack: PackCopy) -> None:
    assert pack.problems() == []


def test_an_upload_with_a_huge_manifest_is_refused_before_extracting() -> None:
    manifest = zipfile.ZipInfo("minimal/pack.yaml")
    manifest.file_size = MAX_MANIFEST_BYTES + 1
    (problem,) = check_members([manifest])
    assert problem.file == "pack.yaml"
    assert "a manifest may be 1 MB at most" in problem.message
