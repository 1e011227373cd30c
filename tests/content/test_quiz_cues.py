"""Quiz cues: the report on keyed answers that are the longest option, and its warning."""

from pathlib import Path

from click.testing import CliRunner

from lti_qi.cli import content_group
from lti_qi.content import loader
from lti_qi.content.quiz_cues import key_cues
from lti_qi.services.content import packs
from tests.content.conftest import MINIMAL_PACK, PackCopy


def test_a_pack_whose_keys_are_the_longest_option_is_flagged() -> None:
    cues = key_cues(loader.load_pack(MINIMAL_PACK).manifest)

    assert (cues.questions, cues.key_longest, dict(cues.positions)) == (1, 1, {"a": 1})
    assert cues.is_cued
    assert cues.report()[-1].startswith("Warning: more than 40% of keys are the longest option")


def test_a_pack_with_a_longer_distractor_is_not_flagged(pack: PackCopy) -> None:
    pack.replace("What change can we make?", "What change can we make, and who will test it?")

    cues = key_cues(loader.load_pack(pack.root).manifest)

    assert (cues.key_longest, cues.is_cued) == (0, False)
    assert not any(line.startswith("Warning") for line in cues.report())


def test_the_bundled_pack_is_not_cued() -> None:
    cues = key_cues(loader.load_pack(packs.default_pack_path()).manifest)

    assert cues.questions > 30
    assert not cues.is_cued


def test_content_check_prints_the_report_and_the_warning() -> None:
    result = CliRunner().invoke(content_group, ["check", str(MINIMAL_PACK)])

    assert result.exit_code == 0
    assert "Quiz keys: 1 of 1 single-choice keys are the longest option (100%)" in result.output
    assert "keys by position as written: a 1." in result.output
    assert "Warning: more than 40%" in result.output


def test_content_check_of_the_bundled_pack_has_no_warning() -> None:
    result = CliRunner().invoke(content_group, ["check", str(Path(packs.default_pack_path()))])

    assert result.exit_code == 0
    assert "Quiz keys:" in result.output
    assert "Warning" not in result.output
