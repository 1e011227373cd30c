"""The review cycle, mentor assignment, invitations and peer review, with every refusal."""

import re
import threading

import pytest
from flask import Flask
from sqlalchemy import select

from lti_qi.domain.course import SignoffStatus
from lti_qi.errors import Conflict
from lti_qi.extensions import db
from lti_qi.models import (
    CourseMentor,
    CourseSetting,
    MentorAssignment,
    Notification,
    Project,
    ReviewEntry,
    StageSignoff,
    User,
)
from lti_qi.services.content import packs, pathways
from lti_qi.services.launches.sessions import resolve_session
from lti_qi.services.mentoring import reviews
from lti_qi.transaction import unit_of_work

from journeys import correct_answers, csrf, submit_aim_stage
from launching import LaunchDriver, Launched


@pytest.fixture
def submitted(launcher: LaunchDriver, app: Flask) -> Launched:
    """Aisha (QI-101) has submitted module 1's apply stage for sign-off."""
    aisha = launcher.launch(sub="learner-aisha")
    submit_aim_stage(aisha, correct_answers(app))
    return aisha


def _project_id(app: Flask, sub: str = "learner-aisha") -> int:
    with app.app_context(), unit_of_work():
        return db.session.scalar(
            select(Project.id).join(User, User.id == Project.created_by).where(User.sub == sub)
        )


def _review_path(app: Flask) -> str:
    return f"mentoring/projects/{_project_id(app)}/stages/aim-apply"


def _assign(app: Flask, mentor_sub: str) -> None:
    with app.app_context(), unit_of_work():
        mentor = db.session.scalar(select(User.id).where(User.sub == mentor_sub))
        designer = db.session.scalar(select(User.id).where(User.sub == "learner-aisha"))
        db.session.add(
            MentorAssignment(
                project_id=_project_id(app), mentor_id=mentor, assigned_by=designer, via="designer"
            )
        )
        db.session.commit()


def _decide(reviewer: Launched, app: Flask, **form) -> object:
    path = _review_path(app)
    token = csrf(reviewer, path)
    return reviewer.client.post(
        reviewer.url(path + "/decide"), data={"csrf_token": token, "round": "1", **form}
    )


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
        mentor.url(f"mentoring/projects/{_project_id(app)}/claim"), data={"csrf_token": token}
    )
    assert claimed.status_code == 302
    review_page = mentor.get(_review_path(app)).get_data(as_text=True)
    assert "the percentage of lunch trays returned untouched" in review_page
    assert "Rubric (based on QIKAT-R)" in review_page
    decided = _decide(
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
    learner_view = submitted.get(_review_path(app)).get_data(as_text=True)
    assert "Rubric: 2 of 9 criteria met" in learner_view
    assert submitted.get("activities/aim-reflection").status_code == 200


def test_changes_need_a_note_and_resubmission_starts_a_new_round(
    submitted: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    designer = launcher.launch(sub="designer-fatima")
    no_note = _decide(designer, app, decision="changes", note="")
    assert no_note.status_code == 400
    assert "Say what needs to change" in no_note.get_data(as_text=True)
    assert _decide(designer, app, decision="changes", note="Name the ward.").status_code == 302
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
    page = designer.get(_review_path(app)).get_data(as_text=True)
    assert "What changed since the last review" in page
    assert re.search(r"Aim statement: [^<]*setting", page)


def test_a_stale_decision_loses_to_the_first(
    submitted: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    designer = launcher.launch(sub="designer-fatima")
    assert _decide(designer, app, decision="approve", note="").status_code == 302
    second = _decide(designer, app, decision="changes", note="Too late.")
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
            project = db.session.get(Project, _project_id(app))
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
    path = _review_path(app)
    assert launcher.launch(sub="mentor-dan").get(path).status_code == 403  # not assigned
    assert launcher.launch(sub="learner-ben").get(path).status_code == 403  # another team
    assert (
        launcher.launch(sub="designer-fatima", course="QI-202").get(path).status_code == 403
    )  # another course
    assert (
        launcher.launch(sub="learner-ben").get("mentoring/").status_code == 403
    )  # learners have no queue


def test_the_assigned_mentor_sees_it_and_the_team_can_reply(
    submitted: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    mentor = launcher.launch(sub="mentor-dan")
    _assign(app, "mentor-dan")
    path = _review_path(app)
    token = csrf(mentor, path)
    mentor.client.post(
        mentor.url(path + "/comment"),
        data={
            "csrf_token": token,
            "body": "Which ward?",
            "anchor": "Write your aim statement: The problem",
        },
    )
    entry_id = _first_entry(app)
    reply_token = csrf(submitted, path)
    reply = submitted.client.post(
        submitted.url(path + "/comment"),
        data={"csrf_token": reply_token, "body": "Ward 7.", "parent_id": str(entry_id)},
    )
    assert reply.status_code == 302
    page = mentor.get(path).get_data(as_text=True)
    assert "Which ward?" in page
    assert "Ward 7." in page


def test_a_mentor_who_joined_the_team_cannot_sign_off_its_stage(
    submitted: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    chloe = launcher.launch(sub="learner-chloe", case="several-roles")  # learner and mentor
    token = csrf(chloe, "mentoring/")
    claimed = chloe.client.post(
        chloe.url(f"mentoring/projects/{_project_id(app)}/claim"), data={"csrf_token": token}
    )
    assert claimed.status_code == 302
    share_token = csrf(submitted, "project")
    shared = submitted.client.post(submitted.url("project/share"), data={"csrf_token": share_token})
    assert shared.status_code == 302
    with app.app_context(), unit_of_work():
        code = db.session.get(Project, _project_id(app)).invite_code
    joined = chloe.client.post(chloe.url("project/join"), data={"csrf_token": token, "code": code})
    assert joined.status_code == 302
    assert "Your decision" not in chloe.get(_review_path(app)).get_data(as_text=True)
    refused = _decide(chloe, app, decision="approve", note="Looks good to me.")
    assert refused.status_code == 403
    assert "A stage cannot be signed off by a member of its own project." in refused.get_data(
        as_text=True
    )
    with app.app_context(), unit_of_work():
        assert db.session.scalar(select(StageSignoff.status)) == SignoffStatus.SUBMITTED


def test_designer_reassigns_and_the_history_is_kept(
    submitted: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    designer = launcher.launch(sub="designer-fatima")
    launcher.launch(sub="mentor-dan")
    launcher.launch(sub="ta-erin")
    for sub in ("mentor-dan", "ta-erin"):
        with app.app_context(), unit_of_work():
            mentor_id = db.session.scalar(select(User.id).where(User.sub == sub))
        token = csrf(designer, "mentoring/assignments")
        assigned = designer.client.post(
            designer.url("mentoring/assignments"),
            data={"csrf_token": token, "project_id": _project_id(app), "mentor_id": mentor_id},
        )
        assert assigned.status_code == 302
    with app.app_context(), unit_of_work():
        history = db.session.scalars(select(MentorAssignment).order_by(MentorAssignment.id)).all()
        assert len(history) == 2
        assert history[0].ended_at is not None
        assert history[1].ended_at is None


def test_an_invited_expert_confirms_before_becoming_a_mentor(
    submitted: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    designer = launcher.launch(sub="designer-fatima")
    token = csrf(designer, "mentoring/assignments")
    created = designer.client.post(designer.url("mentoring/invites"), data={"csrf_token": token})
    link = designer.client.get("http://tool.test" + created.headers["Location"]).get_data(
        as_text=True
    )
    invite = re.search(r"(http://tool.test/mentor-invite/[^<\s]+)", link).group(1)
    expert = launcher.launch(sub="learner-ben", course="QI-202")
    shown = expert.client.get(invite)
    assert shown.status_code == 200
    page = shown.get_data(as_text=True)
    assert "Fatima Green invites you to mentor" in page
    assert "You will mentor as <strong>Ben Carter</strong>" in page
    assert _course_mentors(app) == 0  # opening the link changes nothing
    assert expert.client.post(invite).status_code == 400  # no CSRF token
    assert _course_mentors(app) == 0
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    accepted = expert.client.post(invite, data={"csrf_token": form_token})
    assert accepted.status_code == 302
    assert "/mentoring/" in accepted.headers["Location"]
    assert _course_mentors(app) == 1
    inbox = designer.get("inbox").get_data(as_text=True)
    assert f'href="/s/{designer.token}/mentoring/assignments">An expert accepted' in inbox
    assert app.test_client().get(invite).status_code == 403  # a browser lti-qi does not know
    assert expert.client.get("http://tool.test/mentor-invite/not-a-real-token").status_code == 404


def _course_mentors(app: Flask) -> int:
    with app.app_context(), unit_of_work():
        return len(db.session.scalars(select(CourseMentor)).all())


def test_review_notifications_link_to_the_review(
    submitted: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    mentor = launcher.launch(sub="mentor-dan")
    _assign(app, "mentor-dan")
    path = _review_path(app)
    comment_token = csrf(submitted, path)
    submitted.client.post(
        submitted.url(path + "/comment"), data={"csrf_token": comment_token, "body": "Is it OK?"}
    )
    assert _decide(mentor, app, decision="changes", note="Name the ward.").status_code == 302
    for person, words in ((mentor, "New comment on"), (submitted, "Your mentor reviewed")):
        inbox = person.get("inbox").get_data(as_text=True)
        assert f'<a href="/s/{person.token}/{path}">{words}' in inbox
        assert person.get(path).status_code == 200


def test_the_mentor_is_told_a_review_is_waiting_with_a_link_to_it(
    launcher: LaunchDriver, app: Flask
) -> None:
    aisha = launcher.launch(sub="learner-aisha")
    aisha.get()
    mentor = launcher.launch(sub="mentor-dan")
    _assign(app, "mentor-dan")
    submit_aim_stage(aisha, correct_answers(app))
    inbox = mentor.get("inbox").get_data(as_text=True)
    assert f'<a href="/s/{mentor.token}/{_review_path(app)}">“My QI project” submitted' in inbox


def test_peer_feedback_is_anonymous_and_limited_to_the_course(
    submitted: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    path = _review_path(app)
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


def _first_entry(app: Flask) -> int:
    with app.app_context(), unit_of_work():
        return db.session.scalar(select(ReviewEntry.id).order_by(ReviewEntry.id))


def _actor(app: Flask, launched: Launched):
    with app.app_context(), unit_of_work():
        return resolve_session(launched.token)
