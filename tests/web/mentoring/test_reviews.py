"""The review cycle: claiming, the rubric, changes, stale and racing decisions, refusals, peers."""

import re
import threading

from flask import Flask
from sqlalchemy import select

from lti_qi.domain.course import SignoffStatus
from lti_qi.errors import Conflict
from lti_qi.extensions import db
from lti_qi.models import CourseSetting, Notification, Project, ReviewEntry, StageSignoff
from lti_qi.services.content import packs, pathways
from lti_qi.services.launches.sessions import resolve_session
from lti_qi.services.mentoring import reviews
from lti_qi.transaction import unit_of_work

from journeys import csrf
from launching import LaunchDriver, Launched
from mentoring_helpers import decide, project_id_of, review_path


def test_submitted_stage_reaches_the_designer_and_the_pool(
    submitted: Launched, launcher: LaunchDriver
) -> None:
    designer = launcher.launch(sub="designer-fatima")
    assert "My QI project" in designer.get("mentoring/").get_data(as_text=True)
    mentor = launcher.launch(sub="mentor-dan")
    page = mentor.get("mentoring/").get_data(as_text=True)
    assert "Unassigned projects waiting for a mentor" in page
    assert "Mentor this project" in page


def test_mentor_claims_reviews_with_rubric_and_signs_off(
    submitted: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    mentor = launcher.launch(sub="mentor-dan")
    token = csrf(mentor, "mentoring/")
    claimed = mentor.client.post(
        mentor.url(f"mentoring/projects/{project_id_of(app)}/claim"), data={"csrf_token": token}
    )
    assert claimed.status_code == 302
    review_page = mentor.get(review_path(app)).get_data(as_text=True)
    assert "the percentage of lunch trays returned untouched" in review_page
    assert "Rubric (based on QIKAT-R)" in review_page
    decided = decide(
        mentor,
        app,
        decision="approve",
        note="A clear, measurable aim.",
        **{"rubric-aim-size": "yes", "rubric-aim-time": "yes"},
    )
    assert decided.status_code == 302
    with app.app_context(), unit_of_work():
        assert db.session.scalar(select(StageSignoff.status)) == SignoffStatus.SIGNED_OFF
        entry = db.session.scalar(select(ReviewEntry).where(ReviewEntry.kind == "decision"))
        assert sorted(entry.rubric) == ["aim-size", "aim-time"]
        assert db.session.scalar(
            select(Notification.text).where(Notification.text.like("%signed off%"))
        )
    learner_view = submitted.get(review_path(app)).get_data(as_text=True)
    assert "Rubric: 2 of 9 criteria met" in learner_view
    assert submitted.get("activities/aim-reflection").status_code == 200


def test_changes_need_a_note_and_resubmission_starts_a_new_round(
    submitted: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    designer = launcher.launch(sub="designer-fatima")
    no_note = decide(designer, app, decision="changes", note="")
    assert no_note.status_code == 400
    assert "Say what needs to change" in no_note.get_data(as_text=True)
    assert decide(designer, app, decision="changes", note="Name the ward.").status_code == 302
    assert "Changes requested" in submitted.get("modules/aim").get_data(as_text=True)
    token = csrf(submitted, "activities/aim-worksheet")
    worksheet = submitted.get("activities/aim-worksheet").get_data(as_text=True)
    version = re.search(r'name="_base_version" value="(\d+)"', worksheet).group(1)
    revised = {
        "csrf_token": token,
        "_base_version": version,
        "_action": "submit",
        "setting": "Ward 7, adults",
    }
    submitted.client.post(
        submitted.url("activities/aim-worksheet/worksheet"),
        data={**_aim_fields(worksheet), **revised},
    )
    assert (
        submitted.client.post(
            submitted.url("stages/aim-apply/submit"), data={"csrf_token": token}
        ).status_code
        == 302
    )
    with app.app_context(), unit_of_work():
        assert db.session.scalar(select(StageSignoff.review_round)) == 2
    page = designer.get(review_path(app)).get_data(as_text=True)
    assert "What changed since the last review" in page
    assert re.search(r"Aim statement: [^<]*setting", page)


def test_a_stale_decision_loses_to_the_first(
    submitted: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    designer = launcher.launch(sub="designer-fatima")
    assert decide(designer, app, decision="approve", note="").status_code == 302
    second = decide(designer, app, decision="changes", note="Too late.")
    assert second.status_code == 409
    assert "decided by someone else, or resubmitted" in second.get_data(as_text=True)


def test_two_reviewers_at_once_end_in_one_decision(
    submitted: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    designer = launcher.launch(sub="designer-fatima")
    actor = _actor(app, designer)
    outcomes: list[str] = []

    def decide(approve: bool) -> None:
        with app.app_context(), unit_of_work():
            project = db.session.get(Project, project_id_of(app))
            stage = pathways.pathway(packs.DEFAULT_PACK).locate_stage("aim-apply")[1]
            try:
                reviews.decide(actor, project, stage, approve=approve, note="x", seen_round=1)
                outcomes.append("decided")
            except Conflict:
                outcomes.append("conflict")

    threads = [threading.Thread(target=decide, args=(flag,)) for flag in (True, False)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "decided"]
    with app.app_context(), unit_of_work():
        assert (
            len(db.session.scalars(select(ReviewEntry).where(ReviewEntry.kind == "decision")).all())
            == 1
        )


def test_reviewers_who_may_not_see_the_work_are_refused(
    submitted: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    with app.app_context(), unit_of_work():
        db.session.get(
            CourseSetting, db.session.scalar(select(Project.context_id))
        ).mentors_may_claim = False
        db.session.commit()
    path = review_path(app)
    assert launcher.launch(sub="mentor-dan").get(path).status_code == 403  # not assigned
    assert launcher.launch(sub="learner-ben").get(path).status_code == 403  # another team
    assert (
        launcher.launch(sub="designer-fatima", course="QI-202").get(path).status_code == 403
    )  # another course
    assert (
        launcher.launch(sub="learner-ben").get("mentoring/").status_code == 403
    )  # learners have no queue


def test_peer_feedback_is_anonymous_and_limited_to_the_course(
    submitted: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    path = review_path(app)
    token = csrf(submitted, path)
    assert (
        submitted.client.post(submitted.url(path + "/peer"), data={"csrf_token": token}).status_code
        == 302
    )
    other_course = launcher.launch(sub="learner-chloe", course="QI-202")
    assert other_course.get(path).status_code == 403
    peer = launcher.launch(sub="learner-chloe")
    assert "My QI project" in peer.get("mentoring/peer-requests").get_data(as_text=True)
    peer_token = csrf(peer, path)
    sent = peer.client.post(
        peer.url(path + "/peer"), data={"csrf_token": peer_token, "body": "Add a baseline chart."}
    )
    assert sent.status_code == 302
    page = submitted.get(path).get_data(as_text=True)
    assert "Peer feedback from A peer" in page
    assert "Chloe" not in page


def _aim_fields(page: str) -> dict[str, str]:
    fields = dict(
        re.findall(r'<input type="text" id="[^"]+" name="([a-z_]+)" value="([^"]*)"', page)
    )
    fields |= {
        name: "2027-03-31"
        for name in re.findall(r'<input type="date" id="[^"]+" name="([a-z_]+)"', page)
    }
    fields |= {
        "direction": "decrease",
        "problem": "Trays come back untouched.",
        "target_rationale": "Ward 6 reached 10%.",
    }
    return fields


def _actor(app: Flask, launched: Launched):
    with app.app_context(), unit_of_work():
        return resolve_session(launched.token)
