"""Who mentors a project: the assigned mentor, one on the team, reassignment, invited experts."""

import re

from flask import Flask
from sqlalchemy import select

from lti_qi.domain.course import SignoffStatus
from lti_qi.extensions import db
from lti_qi.models import CourseMentor, MentorAssignment, Project, ReviewEntry, StageSignoff, User
from lti_qi.transaction import unit_of_work

from journeys import correct_answers, csrf, submit_aim_stage
from launching import LaunchDriver, Launched
from mentoring_helpers import decide, project_id_of, review_path


def _assign(app: Flask, mentor_sub: str) -> None:
    with app.app_context(), unit_of_work():
        mentor = db.session.scalar(select(User.id).where(User.sub == mentor_sub))
        designer = db.session.scalar(select(User.id).where(User.sub == "learner-aisha"))
        db.session.add(
            MentorAssignment(
                project_id=project_id_of(app),
                mentor_id=mentor,
                assigned_by=designer,
                via="designer",
            )
        )
        db.session.commit()


def test_the_assigned_mentor_sees_it_and_the_team_can_reply(
    submitted: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    mentor = launcher.launch(sub="mentor-dan")
    _assign(app, "mentor-dan")
    path = review_path(app)
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
        chloe.url(f"mentoring/projects/{project_id_of(app)}/claim"), data={"csrf_token": token}
    )
    assert claimed.status_code == 302
    share_token = csrf(submitted, "project")
    shared = submitted.client.post(submitted.url("project/share"), data={"csrf_token": share_token})
    assert shared.status_code == 302
    with app.app_context(), unit_of_work():
        code = db.session.get(Project, project_id_of(app)).invite_code
    joined = chloe.client.post(chloe.url("project/join"), data={"csrf_token": token, "code": code})
    assert joined.status_code == 302
    assert "Your decision" not in chloe.get(review_path(app)).get_data(as_text=True)
    refused = decide(chloe, app, decision="approve", note="Looks good to me.")
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
            data={"csrf_token": token, "project_id": project_id_of(app), "mentor_id": mentor_id},
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
    path = review_path(app)
    comment_token = csrf(submitted, path)
    submitted.client.post(
        submitted.url(path + "/comment"), data={"csrf_token": comment_token, "body": "Is it OK?"}
    )
    assert decide(mentor, app, decision="changes", note="Name the ward.").status_code == 302
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
    assert f'<a href="/s/{mentor.token}/{review_path(app)}">“My QI project” submitted' in inbox


def _first_entry(app: Flask) -> int:
    with app.app_context(), unit_of_work():
        return db.session.scalar(select(ReviewEntry.id).order_by(ReviewEntry.id))
