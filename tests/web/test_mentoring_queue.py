"""The review queue: who sees what, its filters, the overdue flag, its cost, and mentors' teams."""

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from flask import Flask
from sqlalchemy import event, select

from lti_qi.domain.course import SignoffStatus
from lti_qi.extensions import db
from lti_qi.models import (
    Context,
    MentorAssignment,
    PeerRequest,
    Project,
    ProjectMember,
    StageSignoff,
    User,
)
from lti_qi.models.base import utc_now
from lti_qi.services.base.actors import Actor
from lti_qi.services.content import packs, pathways
from lti_qi.services.launches.sessions import resolve_session
from lti_qi.services.mentoring import peer_review, review_queue
from lti_qi.transaction import unit_of_work

from journeys import correct_answers, csrf, submit_aim_stage
from launching import LaunchDriver, Launched


def _user_id(app: Flask, sub: str) -> int:
    with app.app_context(), unit_of_work():
        return db.session.scalar(select(User.id).where(User.sub == sub))


def _project_of(app: Flask, sub: str, course: str) -> int:
    with app.app_context(), unit_of_work():
        return db.session.scalar(
            select(ProjectMember.project_id)
            .join(User, User.id == ProjectMember.user_id)
            .join(Context, Context.id == ProjectMember.context_id)
            .where(User.sub == sub, Context.lti_context_id == course)
        )


def _claim(mentor: Launched, project_id: int) -> None:
    token = csrf(mentor, "mentoring/")
    claimed = mentor.client.post(
        mentor.url(f"mentoring/projects/{project_id}/claim"), data={"csrf_token": token}
    )
    assert claimed.status_code == 302, claimed.get_data(as_text=True)[:500]


def _page(launched: Launched, path: str, **query: str) -> str:
    response = launched.get(path, query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def _waiting_section(page: str) -> str:
    """The "Waiting for your review" part of the queue page (the pool comes after it)."""
    start = page.index("Waiting for your review")
    end = page.find("Unassigned projects waiting", start)
    return page[start : end if end > 0 else len(page)]


@pytest.fixture
def two_courses(launcher: LaunchDriver, app: Flask) -> Launched:
    """Dan mentors Aisha's team (QI-101, submitted 10 days ago) and Ben's (QI-202, today)."""
    answers = correct_answers(app)
    with time_machine.travel(utc_now() - timedelta(days=10)):
        submit_aim_stage(launcher.launch(sub="learner-aisha", course="QI-101"), answers)
    submit_aim_stage(launcher.launch(sub="learner-ben", course="QI-202"), answers)
    _rename(app, _project_of(app, "learner-ben", "QI-202"), "Outpatient letters")
    _claim(
        launcher.launch(sub="mentor-dan", course="QI-202"),
        _project_of(app, "learner-ben", "QI-202"),
    )
    dan = launcher.launch(sub="mentor-dan", course="QI-101")
    _claim(dan, _project_of(app, "learner-aisha", "QI-101"))
    return dan


def _rename(app: Flask, project_id: int, title: str) -> None:
    with app.app_context(), unit_of_work():
        db.session.get(Project, project_id).title = title
        db.session.commit()


def test_a_mentor_sees_both_courses_oldest_first_with_the_overdue_one_flagged(
    two_courses: Launched,
) -> None:
    waiting = _waiting_section(_page(two_courses, "mentoring/"))
    assert "Waiting for your review (2)" in waiting
    assert waiting.index("My QI project") < waiting.index("Outpatient letters")
    assert "Improving care on the ward" in waiting
    assert "Quality improvement in outpatients" in waiting
    assert waiting.count(">overdue</span>") == 1
    aisha_row = waiting[waiting.index("My QI project") : waiting.index("Outpatient letters")]
    assert ">waiting 10 days <span" in aisha_row
    assert ">overdue</span>" in aisha_row


def test_queue_filters_by_course_team_stage_and_days_waiting(
    two_courses: Launched, app: Flask
) -> None:
    page = _page(two_courses, "mentoring/")
    assert '<label for="course">Course</label>' in page  # Dan reviews in two courses
    ben_course = _context_id(app, "QI-202")
    by_course = _waiting_section(_page(two_courses, "mentoring/", course=str(ben_course)))
    assert "Outpatient letters" in by_course
    assert "My QI project" not in by_course
    aisha_project = _project_of(app, "learner-aisha", "QI-101")
    by_team = _waiting_section(_page(two_courses, "mentoring/", project=str(aisha_project)))
    assert "My QI project" in by_team
    assert "Outpatient letters" not in by_team
    by_stage = _waiting_section(_page(two_courses, "mentoring/", stage="aim-apply"))
    assert "Waiting for your review (2)" in by_stage
    other_stage = _waiting_section(_page(two_courses, "mentoring/", stage="team-apply"))
    assert "Nothing waiting for you matches these filters." in other_stage
    old = _waiting_section(_page(two_courses, "mentoring/", waiting="7"))
    assert "Waiting for your review (1)" in old
    assert "My QI project" in old


def test_nonsense_filters_are_ignored_not_errors(two_courses: Launched) -> None:
    page = _page(two_courses, "mentoring/", course="x", project="-", waiting="soon", stage="")
    assert "Waiting for your review (2)" in page
    assert "Waiting for your review (2)" in _page(two_courses, "mentoring/", waiting="-3")


def test_a_designer_of_one_course_sees_only_that_course(
    two_courses: Launched, launcher: LaunchDriver
) -> None:
    fatima = launcher.launch(sub="designer-fatima", course="QI-202")
    page = _page(fatima, "mentoring/")
    assert "Outpatient letters" in page
    assert "My QI project" not in page
    assert '<label for="course">' not in page  # one course: no course filter


def test_teams_page_shows_each_member_s_progress_to_their_mentor_only(
    two_courses: Launched, launcher: LaunchDriver
) -> None:
    page = _page(two_courses, "mentoring/teams")
    assert "<h1>Your teams</h1>" in page
    assert "My QI project" in page
    assert "Outpatient letters" in page
    assert "Aisha Khan" in page
    assert "Ben Carter" in page
    assert "pathway completion" in page
    erin = _page(launcher.launch(sub="ta-erin", course="QI-101"), "mentoring/teams")
    assert "You are not mentoring any project yet." in erin
    assert "Aisha Khan" not in erin
    learner = launcher.launch(sub="learner-chloe", course="QI-101")
    assert learner.get("mentoring/teams").status_code == 403


def _context_id(app: Flask, course: str) -> int:
    with app.app_context(), unit_of_work():
        return db.session.scalar(select(Context.id).where(Context.lti_context_id == course))


def _counted(app: Flask, launched: Launched, work: Callable[[Actor], object]) -> tuple[object, int]:
    """Run ``work`` as the launched person; return its result and how many statements it ran."""
    with app.app_context(), unit_of_work():
        actor = resolve_session(launched.token)
        work(actor)  # warm the pathway cache
        statements: list[str] = []

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            result = work(actor)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return result, len(statements)


def _seed_submissions(app: Flask, course: str, count: int, *, mentor: str | None) -> None:
    """Add ``count`` projects of ``course`` with module 1's apply stage submitted."""
    with app.app_context(), unit_of_work():
        context_id = db.session.scalar(select(Context.id).where(Context.lti_context_id == course))
        pathways.course_setting(context_id)
        creator = db.session.scalar(select(User.id).where(User.sub == "learner-aisha"))
        stage = pathways.pathway(packs.DEFAULT_PACK).locate_stage("aim-apply")[1]
        mentor_id = db.session.scalar(select(User.id).where(User.sub == mentor)) if mentor else None
        assert mentor_id or not mentor, f"{mentor} has not launched lti-qi yet"
        for number in range(count):
            project = Project(context_id=context_id, title=f"Seeded {number}", created_by=creator)
            db.session.add(project)
            db.session.flush()
            db.session.add(
                StageSignoff(
                    project_id=project.id,
                    item_id=stage.id,
                    status=SignoffStatus.SUBMITTED,
                    submitted_at=utc_now() - timedelta(hours=number),
                    review_round=1,
                )
            )
            if mentor_id:
                db.session.add(
                    MentorAssignment(
                        project_id=project.id, mentor_id=mentor_id, assigned_by=creator, via="claim"
                    )
                )
        db.session.commit()


@pytest.mark.parametrize("sub", ["mentor-dan", "designer-fatima"])
def test_the_queue_costs_the_same_statements_for_2_or_40_submissions(
    sub: str, launcher: LaunchDriver, app: Flask
) -> None:
    for someone, course in [("learner-aisha", "QI-101"), ("learner-ben", "QI-202")]:
        launcher.launch(sub=someone, course=course).get()
    for mentor in ("mentor-dan", "ta-erin"):
        launcher.launch(sub=mentor, course="QI-101")
    reviewer = launcher.launch(sub=sub, course="QI-101")
    _seed_submissions(app, "QI-101", 1, mentor="mentor-dan")
    _seed_submissions(app, "QI-101", 1, mentor=None)
    few, few_statements = _counted(app, reviewer, review_queue.review_queue)
    _seed_submissions(app, "QI-101", 19, mentor="mentor-dan")
    _seed_submissions(app, "QI-101", 19, mentor=None)
    _seed_submissions(app, "QI-101", 10, mentor="ta-erin")  # another mentor's teams
    _seed_submissions(app, "QI-202", 10, mentor=None)  # another course's pool
    many, many_statements = _counted(app, reviewer, review_queue.review_queue)
    expected = {"mentor-dan": (2, 40), "designer-fatima": (2, 50)}[sub]
    assert (len(few.items), len(many.items)) == expected
    assert few_statements == many_statements


def test_open_peer_requests_cost_the_same_and_leave_out_the_asker_s_team(
    launcher: LaunchDriver, app: Flask
) -> None:
    aisha = launcher.launch(sub="learner-aisha", course="QI-101")
    aisha.get()
    chloe = launcher.launch(sub="learner-chloe", course="QI-101")
    chloe.get()
    _seed_peer_requests(app, 2)
    few, few_statements = _counted(app, chloe, peer_review.open_peer_requests)
    _seed_peer_requests(app, 38)
    many, many_statements = _counted(app, chloe, peer_review.open_peer_requests)
    assert (len(few), len(many)) == (2, 40)
    assert few_statements == many_statements
    own = _project_of(app, "learner-aisha", "QI-101")
    with app.app_context(), unit_of_work():
        stage = pathways.pathway(packs.DEFAULT_PACK).locate_stage("aim-apply")[1]
        db.session.add(
            PeerRequest(
                project_id=own,
                item_id=stage.id,
                context_id=_context_id(app, "QI-101"),
                requested_by=_user_id(app, "learner-aisha"),
            )
        )
        db.session.commit()
    mine, _ = _counted(app, aisha, peer_review.open_peer_requests)
    assert own not in {request.project_id for request in mine}
    theirs, _ = _counted(app, chloe, peer_review.open_peer_requests)
    assert own in {request.project_id for request in theirs}


def _seed_peer_requests(app: Flask, count: int) -> None:
    with app.app_context(), unit_of_work():
        context_id = db.session.scalar(select(Context.id).where(Context.lti_context_id == "QI-101"))
        creator = db.session.scalar(select(User.id).where(User.sub == "learner-aisha"))
        stage = pathways.pathway(packs.DEFAULT_PACK).locate_stage("aim-apply")[1]
        for number in range(count):
            project = Project(context_id=context_id, title=f"Asking {number}", created_by=creator)
            db.session.add(project)
            db.session.flush()
            db.session.add(
                PeerRequest(
                    project_id=project.id,
                    item_id=stage.id,
                    context_id=context_id,
                    requested_by=creator,
                )
            )
        db.session.commit()
