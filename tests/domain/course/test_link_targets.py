"""What a link opens, from its custom parameters or its designer's choice."""

from __future__ import annotations

import pytest

from lti_qi.domain.course import link_targets
from lti_qi.domain.course.link_targets import PATHWAY, LinkTarget, TargetKind

from .test_progress_and_passback import _pathway

AIM = LinkTarget(TargetKind.MODULE, "m1")
STAGE = LinkTarget(TargetKind.STAGE, "m1-apply")


@pytest.mark.parametrize("target", [PATHWAY, AIM, STAGE])
def test_keys_and_custom_parameters_round_trip(target: LinkTarget) -> None:
    assert LinkTarget.from_key(target.key) == target
    custom = target.custom_parameters("pack", 10)
    assert link_targets.from_custom(custom) == target
    assert link_targets.choice(custom, None, None).score_maximum == 10


@pytest.mark.parametrize("key", ["", "module", "pathway:x", "lesson:m1", "stage:"])
def test_malformed_keys_are_refused(key: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011  (the message is for logs only)
        LinkTarget.from_key(key)


def test_the_lms_decides_first_then_the_designer_then_the_whole_pathway() -> None:
    from_lms = link_targets.choice({"qi_module": "m1"}, "stage:m1-apply", 50)
    assert (from_lms.target, from_lms.source, from_lms.score_maximum) == (AIM, "custom", 50)
    assert from_lms.is_fixed_by_lms
    chosen = link_targets.choice({}, "stage:m1-apply", None)
    assert (chosen.target, chosen.source, chosen.score_maximum) == (STAGE, "designer", 100)
    nobody = link_targets.choice({"other": "x"}, None, None)
    assert (nobody.target, nobody.opens, nobody.source) == (None, PATHWAY, "none")


@pytest.mark.parametrize("value", ["0", "-3", "1e9", "ten", ""])
def test_a_bad_maximum_in_custom_parameters_falls_back_to_100(value: str) -> None:
    assert link_targets.choice({"qi_maximum": value}, None, None).score_maximum == 100


def test_targets_are_located_in_the_pathway_and_unknown_ones_are_not() -> None:
    pathway = _pathway()
    stage = link_targets.locate(pathway, STAGE)
    assert stage is not None
    assert stage.module is not None
    assert (stage.module.slug, stage.title) == ("m1", "Apply")
    assert link_targets.locate(pathway, LinkTarget(TargetKind.MODULE, "gone")) is None
    everything = [located.target.key for located in link_targets.all_targets(pathway)]
    assert everything == [
        "pathway",
        "module:m1",
        "stage:m1-learn",
        "stage:m1-apply",
        "module:m2",
        "stage:m2-learn",
    ]


def test_resource_ids_and_tags_match_what_passback_creates() -> None:
    assert PATHWAY.resource_id("pack") == "pack:pathway"
    assert AIM.resource_id("pack") == "pack:m1"
    assert STAGE.resource_id("pack") == "pack:stage:m1-apply"
    assert (PATHWAY.tag, AIM.tag, STAGE.tag) == ("qi-pathway", "qi-module", "qi-stage")
