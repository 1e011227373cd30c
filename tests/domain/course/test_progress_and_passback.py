"""Progress rules and the AGS score documents built from them, on a small hand-built pathway."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lti_qi.domain.course import passback
from lti_qi.domain.course.pathway import Activity, Module, Pathway, Stage
from lti_qi.domain.course.progress import (
    ActivityStatus,
    LearnerRecord,
    SignoffStatus,
    StageState,
    summarise,
)

DONE, OPEN = ActivityStatus.COMPLETE, ActivityStatus.IN_PROGRESS
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def _activity(number: int, kind: str = "reading") -> Activity:
    return Activity(number, f"a{number}", kind, f"Activity {number}", 10, False, ())


def _pathway() -> Pathway:
    learn = Stage(
        10, "m1-learn", "Learn", "", 30, False, (), (_activity(1), _activity(2, "knowledge_check"))
    )
    apply = Stage(
        11, "m1-apply", "Apply", "", 30, True, ("m1-learn",), (_activity(3, "worksheet"),)
    )
    second = Stage(20, "m2-learn", "Learn more", "", 10, False, (), (_activity(4),))
    return Pathway(
        pack_slug="pack",
        pack_version="1",
        pack_id=1,
        slug="pathway",
        title="Pathway",
        summary="",
        learning_outcomes=(),
        modules=(
            Module(100, "m1", "Module one", "", 60, 2.5, 70, (), (), (learn, apply)),
            Module(200, "m2", "Module two", "", 10, 1.0, 70, ("m1",), (), (second,)),
        ),
    )


def test_a_later_stage_and_module_stay_locked_until_their_prerequisites_are_complete() -> None:
    summary = summarise(_pathway(), LearnerRecord(statuses={1: DONE}))
    first, second = summary.modules
    assert [stage.state for stage in first.stages] == [StageState.OPEN, StageState.LOCKED]
    assert not second.is_unlocked
    assert summary.next_activity is not None
    assert summary.next_activity.slug == "a2"


def test_a_signoff_stage_completes_only_when_signed_off() -> None:
    record = LearnerRecord(statuses={1: DONE, 2: DONE, 3: DONE}, scores={2: 80.0})
    waiting = summarise(
        _pathway(), LearnerRecord(**{**record.__dict__, "signoffs": {11: SignoffStatus.SUBMITTED}})
    )
    assert waiting.modules[0].stages[1].state is StageState.AWAITING_SIGNOFF
    assert not waiting.modules[0].is_complete
    signed = summarise(
        _pathway(), LearnerRecord(**{**record.__dict__, "signoffs": {11: SignoffStatus.SIGNED_OFF}})
    )
    assert signed.modules[0].is_complete
    assert signed.modules[1].is_unlocked
    # Half the knowledge-check mean (80) and half the completion (100%): 90.
    assert signed.modules[0].score == 90.0


def _module_summary(record: LearnerRecord, index: int = 0):  # type: ignore[no-untyped-def]
    return summarise(_pathway(), record).modules[index]


@pytest.mark.parametrize(
    ("record", "started", "expected"),
    [
        (LearnerRecord(), False, ("Initialized", "NotReady")),
        (LearnerRecord(statuses={1: OPEN}), True, ("Started", "Pending")),
        (LearnerRecord(statuses={1: DONE}), True, ("InProgress", "Pending")),
        (
            LearnerRecord(
                statuses={1: DONE, 2: DONE, 3: DONE}, signoffs={11: SignoffStatus.SUBMITTED}
            ),
            True,
            ("Submitted", "PendingManual"),
        ),
        (
            LearnerRecord(
                statuses={1: DONE, 2: DONE, 3: DONE}, signoffs={11: SignoffStatus.SIGNED_OFF}
            ),
            True,
            ("Completed", "FullyGraded"),
        ),
    ],
)
def test_module_states_map_onto_ags_progress(
    record: LearnerRecord, started: bool, expected: tuple[str, str]
) -> None:
    progress = passback.module_progress(_module_summary(record), started)
    assert (progress.activity, progress.grading) == expected


def test_a_module_score_is_scaled_to_the_links_maximum_and_carries_cpd_when_asked() -> None:
    record = LearnerRecord(statuses={1: DONE, 2: DONE}, scores={2: 100.0})
    document = passback.score_document(
        _module_summary(record),
        user_id="u1",
        started=True,
        timestamp=NOW,
        carry_cpd=True,
        maximum=10,
    )
    # completion 2 of 3 (66.7%) and the check at 100: 50 + 33.3 = 83.3 of 100, so 8.33 of 10.
    assert document["scoreGiven"] == 8.33
    assert document["scoreMaximum"] == 10
    assert document["timestamp"] == "2026-11-26T09:30:00.000000+00:00"
    assert "CPD 0 of 2.5 hours" in str(document["comment"])


def test_the_cpd_column_gives_the_hours_only_when_the_module_is_complete() -> None:
    partial = LearnerRecord(statuses={1: DONE})
    complete = LearnerRecord(
        statuses={1: DONE, 2: DONE, 3: DONE}, signoffs={11: SignoffStatus.SIGNED_OFF}
    )
    before = passback.cpd_document(
        _module_summary(partial), user_id="u", started=True, timestamp=NOW
    )
    after = passback.cpd_document(
        _module_summary(complete), user_id="u", started=True, timestamp=NOW
    )
    assert (before["scoreGiven"], before["scoreMaximum"]) == (0.0, 2.5)
    assert (after["scoreGiven"], after["gradingProgress"]) == (2.5, "FullyGraded")


def test_a_stage_column_scores_the_share_of_its_activities_done() -> None:
    stage = _module_summary(LearnerRecord(statuses={1: DONE})).stages[0]
    document = passback.stage_document(stage, user_id="u", started=True, timestamp=NOW, maximum=5)
    assert (document["scoreGiven"], document["activityProgress"]) == (2.5, "InProgress")
    waiting = _module_summary(
        LearnerRecord(statuses={1: DONE, 2: DONE, 3: DONE}, signoffs={11: SignoffStatus.SUBMITTED})
    ).stages[1]
    submitted = passback.stage_document(waiting, user_id="u", started=True, timestamp=NOW)
    assert (submitted["activityProgress"], submitted["gradingProgress"]) == (
        "Submitted",
        "PendingManual",
    )


def test_timestamps_strictly_increase_even_when_the_clock_does_not() -> None:
    assert passback.next_timestamp(NOW, None) == NOW
    assert passback.next_timestamp(NOW, NOW) == NOW + timedelta(microseconds=1)
    assert passback.next_timestamp(NOW - timedelta(seconds=5), NOW) == NOW + timedelta(
        microseconds=1
    )
    assert passback.next_timestamp(NOW + timedelta(seconds=1), NOW) == NOW + timedelta(seconds=1)


def test_two_documents_differing_only_in_time_are_the_same_score() -> None:
    summary = _module_summary(LearnerRecord(statuses={1: DONE}))
    first = passback.score_document(
        summary, user_id="u", started=True, timestamp=NOW, carry_cpd=False
    )
    later = passback.score_document(
        summary, user_id="u", started=True, timestamp=NOW + timedelta(hours=1), carry_cpd=False
    )
    assert passback.same_score(first, later)
    changed = {**later, "scoreGiven": 99}
    assert not passback.same_score(first, changed)


def test_submission_times_come_once_the_whole_module_is_handed_in() -> None:
    module = _pathway().modules[0]
    begun = NOW - timedelta(days=3)
    partial = LearnerRecord(statuses={1: DONE}, started_at={1: begun}, completed_at={1: NOW})
    assert passback.submission_times(module.activities(), partial) is None
    handed_in = LearnerRecord(
        statuses={1: DONE, 2: DONE, 3: DONE},
        started_at={1: begun, 2: NOW - timedelta(days=2), 3: NOW - timedelta(days=1)},
        completed_at={1: NOW - timedelta(days=2), 2: NOW - timedelta(days=1), 3: NOW},
    )
    assert passback.submission_times(module.activities(), handed_in) == {
        "startedAt": "2026-11-23T09:30:00.000000+00:00",
        "submittedAt": "2026-11-26T09:30:00.000000+00:00",
    }
    document = passback.score_document(
        _module_summary(handed_in),
        user_id="u",
        started=True,
        timestamp=NOW,
        carry_cpd=False,
        submission=passback.submission_times(module.activities(), handed_in),
    )
    assert document["submission"] == {
        "startedAt": "2026-11-23T09:30:00.000000+00:00",
        "submittedAt": "2026-11-26T09:30:00.000000+00:00",
    }
