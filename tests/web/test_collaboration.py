"""The community space, join requests, discussions and the inbox, through real sandbox launches.

Each refusal the issue asks for is proved here: another course's learner, a learner outside
the team and a mentor not assigned to the project are all kept out, while a cross-site team
member and the assigned mentor get in.
"""

import re

import pytest
from flask import Flask
from sqlalchemy import event, func, select

from lti_qi import create_app, demo
from lti_qi.domain.worksheets import WorksheetKind
from lti_qi.extensions import db
from lti_qi.models import (
    EmailMessage,
    JoinRequest,
    MentorAssignment,
    Notification,
    Project,
    ProjectMember,
    User,
    Worksheet,
)
from lti_qi.services.collaboration import community
from lti_qi.services.launches import sessions
from lti_qi.transaction import unit_of_work

from launching import LaunchDriver, Launched, route_in_process

AIM = {
    "problem": "About a fifth of lunch trays come back untouched.",
    "direction": "decrease",
    "measure": "the percentage of lunch trays returned untouched",
    "baseline": "20%",
    "target": "10%",
    "target_date": "2027-03-31",
    "population": "on Wards 4 and 5",
}
AIM_SENTENCE = "To reduce the percentage of lunch trays returned untouched from 20% to 10%"
SECRET_PLAN = "Our first PDSA starts on Monday"


def _csrf(launched: Launched, path: str = "project") -> str:
    page = launched.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert match, page[:500]
    return match.group(1)


def _post(launched: Launched, path: str, **data: str):
    return launched.client.post(launched.url(path), data={"csrf_token": _csrf(launched), **data})


def _page(launched: Launched, path: str) -> str:
    response = launched.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


@pytest.fixture
def database(app: Flask):
    """Run DB work in a fresh app context (requests must not share the test's ``g``)."""

    def run(work):
        with app.app_context(), unit_of_work():
            result = work()
            db.session.commit()
            return result

    return run


def _user_id(sub: str) -> int:
    return db.session.scalar(select(User.id).where(User.sub == sub))


def _project_of(sub: str) -> int:
    query = (
        select(ProjectMember.project_id)
        .join(User, User.id == ProjectMember.user_id)
        .where(User.sub == sub)
        .order_by(ProjectMember.id)
    )
    return db.session.scalars(query).first()


@pytest.fixture
def aisha(launcher: LaunchDriver, database) -> Launched:
    """Aisha in QI-101 with a titled project, an aim worksheet and one message."""
    launched = launcher.launch(sub="learner-aisha", course="QI-101")
    launched.get()

    def prepare():
        project = db.session.get(Project, _project_of("learner-aisha"))
        project.title = "Fewer untouched lunch trays"
        db.session.add(
            Worksheet(
                project_id=project.id,
                kind=WorksheetKind.AIM_STATEMENT,
                data=AIM,
                version=1,
                updated_by=project.created_by,
            )
        )

    database(prepare)
    assert (
        _post(
            launched, f"community/projects/{_project_id(database)}/messages", body=SECRET_PLAN
        ).status_code
        == 302
    )
    return launched


def _project_id(database) -> int:
    return database(lambda: _project_of("learner-aisha"))


def test_community_lists_the_course_projects_with_aim_stage_and_team(
    aisha: Launched, launcher: LaunchDriver
) -> None:
    assert _post(aisha, "activities/aim-read-orientation/done").status_code == 302
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    ben.get()
    page = _page(ben, "community")
    assert "<h1>Community</h1>" in page
    assert "Fewer untouched lunch trays" in page
    assert AIM_SENTENCE in page
    assert "Choosing a project and writing an aim: Learn" in page
    assert "1 person" in page
    assert "Your project" in page  # Ben's own project, listed first
    assert page.index("Your project") < page.index("Fewer untouched lunch trays")


def test_community_list_costs_the_same_queries_for_more_projects(
    aisha: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    def queries_for_list() -> tuple[int, int]:
        with app.app_context(), unit_of_work():
            actor = sessions.resolve_session(aisha.token)
            statements: list[str] = []
            listener = lambda *args: statements.append(args[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                cards = community.course_projects(actor)
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
            return len(cards), len(statements)

    few = queries_for_list()
    for sub in ("learner-ben", "learner-chloe", "learner-anonymous"):
        launched = launcher.launch(sub=sub, course="QI-101")
        assert _post(launched, "activities/aim-read-orientation/done").status_code == 302
    more = queries_for_list()
    assert (few[0], more[0]) == (1, 4)
    assert few[1] == more[1]


def test_learner_of_another_course_cannot_see_this_course_projects(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = _project_id(database)
    ben = launcher.launch(sub="learner-ben", course="QI-202")
    assert "Fewer untouched lunch trays" not in _page(ben, "community")
    assert ben.get(f"community/projects/{project_id}").status_code == 404
    assert _post(ben, f"community/projects/{project_id}/join").status_code == 404
    assert _post(ben, f"community/projects/{project_id}/messages", body="Hi").status_code == 404


def test_learner_outside_the_team_cannot_read_or_post_in_the_discussion(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = _project_id(database)
    chloe = launcher.launch(sub="learner-chloe", course="QI-101")
    page = _page(chloe, f"community/projects/{project_id}")
    assert "Fewer untouched lunch trays" in page
    assert SECRET_PLAN not in page
    assert "Join this team" in page
    refused = _post(chloe, f"community/projects/{project_id}/messages", body="Let me in")
    assert refused.status_code == 403
    assert "and its mentor can read and write" in refused.get_data(as_text=True)
    assert database(lambda: db.session.scalar(select(func.count()).select_from(Notification))) == 0


def test_only_the_assigned_mentor_reads_the_discussion(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = _project_id(database)
    dan = launcher.launch(sub="mentor-dan", course="QI-101")
    assert SECRET_PLAN not in _page(dan, f"community/projects/{project_id}")
    assert _post(dan, f"community/projects/{project_id}/messages", body="Hi").status_code == 403
    assert _post(dan, f"community/projects/{project_id}/join").status_code == 403

    database(
        lambda: db.session.add(
            MentorAssignment(
                project_id=project_id,
                mentor_id=_user_id("mentor-dan"),
                assigned_by=_user_id("mentor-dan"),
                via="designer",
            )
        )
    )
    assert SECRET_PLAN in _page(dan, f"community/projects/{project_id}")
    posted = _post(dan, f"community/projects/{project_id}/messages", body="Looks **good**.")
    assert posted.status_code == 302
    assert "Dan Evans wrote in the discussion of" in _page(aisha, "inbox")
    assert "Looks <strong>good</strong>." in _page(aisha, f"community/projects/{project_id}")


def test_cross_site_team_member_sees_the_team_and_its_discussion(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = _project_id(database)
    assert _post(aisha, "project/share").status_code == 302
    code = database(lambda: db.session.get(Project, project_id).invite_code)
    ben = launcher.launch(sub="learner-ben", course="QI-202")
    assert _post(ben, "project/join", code=code).status_code == 302

    listing = _page(ben, "community")
    assert "Fewer untouched lunch trays" in listing
    assert "Your project" in listing
    page = _page(ben, f"community/projects/{project_id}")
    assert SECRET_PLAN in page
    assert "another course or hospital" in page
    assert _post(ben, f"community/projects/{project_id}/messages", body="Hello").status_code == 302
    assert "Ben Carter wrote in the discussion" in _page(aisha, "inbox")

    chloe = launcher.launch(sub="learner-chloe", course="QI-202")
    assert chloe.get(f"community/projects/{project_id}").status_code == 404


def test_accepted_request_makes_the_requester_a_member_who_sees_the_work(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = _project_id(database)
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    before = _page(ben, f"community/projects/{project_id}")
    assert "Worksheets" not in before
    asked = _post(ben, f"community/projects/{project_id}/join", message="I work on *Ward 5*.")
    assert asked.status_code == 302
    assert "You asked to join" in _page(ben, "community")

    page = _page(aisha, f"community/projects/{project_id}")
    assert "Requests to join" in page
    assert "I work on <em>Ward 5</em>." in page
    request_id = database(lambda: db.session.scalar(select(JoinRequest.id)))
    decided = _post(aisha, f"community/requests/{request_id}/decide", accept="y")
    assert decided.status_code == 302

    assert "was accepted" in _page(ben, "inbox")
    page = _page(ben, f"community/projects/{project_id}")
    assert "worksheets</caption>" in page
    assert "Aim statement" in page
    assert SECRET_PLAN in page
    assert database(lambda: _project_of("learner-ben")) == project_id
    assert database(lambda: db.session.scalar(select(JoinRequest.status))) == "accepted"


def _chloe_with_a_project(launcher: LaunchDriver, database) -> tuple[Launched, int]:
    """Chloe (QI-101) opens her pathway, which makes her project; returns her and its id."""
    chloe = launcher.launch(sub="learner-chloe", course="QI-101")
    chloe.get()
    return chloe, database(lambda: _project_of("learner-chloe"))


def _chloe_s_invite_code(launcher: LaunchDriver, database) -> str:
    """Chloe (QI-101) shares her project as a team; return its invite code."""
    chloe = launcher.launch(sub="learner-chloe", course="QI-101")
    assert _post(chloe, "project/share").status_code == 302
    return database(lambda: db.session.get(Project, _project_of("learner-chloe")).invite_code)


def test_a_request_lapses_when_the_requester_joins_another_team_by_code(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = _project_id(database)
    code = _chloe_s_invite_code(launcher, database)
    chloe_project = database(lambda: _project_of("learner-chloe"))
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    assert _post(ben, f"community/projects/{project_id}/join").status_code == 302
    assert _post(ben, "project/join", code=code).status_code == 302

    assert "Requests to join" not in _page(aisha, f"community/projects/{project_id}")
    assert "You asked to join" not in _page(ben, "community")
    request_id = database(lambda: db.session.scalar(select(JoinRequest.id)))
    refused = _post(aisha, f"community/requests/{request_id}/decide", accept="y")
    assert refused.status_code == 409
    assert "Ben Carter has joined another team since asking" in refused.get_data(as_text=True)
    assert database(lambda: _project_of("learner-ben")) == chloe_project
    assert database(lambda: db.session.scalar(select(JoinRequest.status))) == "cancelled"
    assert "was accepted" not in _page(ben, "inbox")
    assert _post(ben, f"community/projects/{project_id}/join").status_code == 302  # ask again


def test_a_request_is_cancelled_as_soon_as_the_requester_joins_a_team_by_code(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = _project_id(database)
    code = _chloe_s_invite_code(launcher, database)
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    assert _post(ben, f"community/projects/{project_id}/join").status_code == 302
    assert database(lambda: db.session.scalar(select(JoinRequest.status))) == "pending"
    assert _post(ben, "project/join", code=code).status_code == 302
    assert database(lambda: db.session.scalar(select(JoinRequest.status))) == "cancelled"


def test_accepting_one_request_cancels_the_requester_s_others(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = _project_id(database)
    chloe, chloe_project = _chloe_with_a_project(launcher, database)
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    ben.get()

    def two_requests() -> list[int]:
        user_id, context_id = (
            _user_id("learner-ben"),
            db.session.get(Project, project_id).context_id,
        )
        rows = [
            JoinRequest(project_id=target, user_id=user_id, context_id=context_id)
            for target in (project_id, chloe_project)
        ]
        db.session.add_all(rows)  # as two tabs asking at the same moment would leave them
        db.session.flush()
        return [row.id for row in rows]

    to_aisha, to_chloe = database(two_requests)
    assert _post(chloe, f"community/requests/{to_chloe}/decide", accept="y").status_code == 302
    assert database(lambda: db.session.get(JoinRequest, to_aisha).status) == "cancelled"
    late = _post(aisha, f"community/requests/{to_aisha}/decide", accept="y")
    assert late.status_code == 409
    assert "has joined another team since asking" in late.get_data(as_text=True)
    assert database(lambda: _project_of("learner-ben")) == chloe_project


def test_declined_request_leaves_the_requester_outside(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = _project_id(database)
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    assert _post(ben, f"community/projects/{project_id}/join").status_code == 302
    request_id = database(lambda: db.session.scalar(select(JoinRequest.id)))
    assert _post(aisha, f"community/requests/{request_id}/decide", decline="y").status_code == 302
    again = _post(aisha, f"community/requests/{request_id}/decide", accept="y")
    assert again.status_code == 409
    assert "was declined" in _page(ben, "inbox")
    assert database(lambda: _project_of("learner-ben")) != project_id
    assert SECRET_PLAN not in _page(ben, f"community/projects/{project_id}")


def test_second_request_is_refused_until_the_first_is_answered_or_withdrawn(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = _project_id(database)
    chloe, chloe_project = _chloe_with_a_project(launcher, database)
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    assert _post(ben, f"community/projects/{project_id}/join").status_code == 302
    duplicate = _post(ben, f"community/projects/{project_id}/join")
    assert duplicate.status_code == 409
    elsewhere = _post(ben, f"community/projects/{chloe_project}/join")
    assert elsewhere.status_code == 409
    assert "already asked to join “Fewer untouched lunch trays”" in elsewhere.get_data(as_text=True)
    request_id = database(lambda: db.session.scalar(select(JoinRequest.id)))
    assert _post(chloe, f"community/requests/{request_id}/decide", accept="y").status_code == 403
    assert _post(ben, f"community/requests/{request_id}/withdraw").status_code == 302
    assert "Requests to join" not in _page(aisha, f"community/projects/{project_id}")
    assert _post(ben, f"community/projects/{chloe_project}/join").status_code == 302


def test_nobody_asks_to_join_their_own_project(aisha: Launched, database) -> None:
    refused = _post(aisha, f"community/projects/{_project_id(database)}/join")
    assert refused.status_code == 409
    assert "You are already on this project" in refused.get_data(as_text=True)


def test_inbox_shows_unread_newest_first_and_marks_them_read(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = _project_id(database)
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    chloe = launcher.launch(sub="learner-chloe", course="QI-101")
    assert _post(ben, f"community/projects/{project_id}/join").status_code == 302
    assert _post(ben, "community/requests/0/withdraw").status_code == 404
    request_id = database(lambda: db.session.scalar(select(JoinRequest.id)))
    assert _post(ben, f"community/requests/{request_id}/withdraw").status_code == 302
    assert _post(chloe, f"community/projects/{project_id}/join").status_code == 302

    header = _page(aisha, "community")
    assert '<span class="tag">2<span class="visually-hidden"> unread</span></span>' in header
    inbox = _page(aisha, "inbox")
    assert "2 unread messages." in inbox
    assert inbox.index("Chloe Davies asked") < inbox.index("Ben Carter asked")
    assert inbox.count('<span class="tag">New</span>') == 2
    assert f'/community/projects/{project_id}"' in inbox

    assert _post(aisha, "inbox/read").status_code == 302
    inbox = _page(aisha, "inbox")
    assert "Nothing unread." in inbox
    assert '<span class="tag">New</span>' not in inbox
    assert 'visually-hidden"> unread' not in _page(aisha, "community")


def test_emails_say_where_to_look_and_carry_no_link(
    app: Flask, database_url: str, launcher: LaunchDriver
) -> None:
    mailer = create_app(
        {
            "env": "test",
            "database_url": database_url,
            "instance_path": app.instance_path,
            "smtp_host": "127.0.0.1",
        }
    )
    mailer.testing = True
    demo.mount_sandbox(mailer)
    route_in_process(mailer, launcher.base_url)
    try:
        mailing = LaunchDriver(mailer, launcher.base_url)
        mailing.launch(sub="learner-aisha", course="QI-101").get()
        ben = mailing.launch(sub="learner-ben", course="QI-101")
        with mailer.app_context(), unit_of_work():
            project_id = _project_of("learner-aisha")
        assert _post(ben, f"community/projects/{project_id}/join").status_code == 302
        with mailer.app_context(), unit_of_work():
            [queued] = db.session.scalars(select(EmailMessage)).all()
            [told] = db.session.scalars(select(Notification)).all()
            assert queued.body == (
                "Ben Carter asked to join your project “My QI project”.\n\n"
                "Open lti-qi from your course to see it."
            )
            assert told.link == f"community/projects/{project_id}"
    finally:
        with mailer.app_context(), unit_of_work():
            db.engine.dispose()


def test_messages_are_rendered_as_sanitised_markdown(aisha: Launched, database) -> None:
    project_id = _project_id(database)
    body = "<script>alert(1)</script> **Run chart** [link](javascript:alert(2))"
    assert _post(aisha, f"community/projects/{project_id}/messages", body=body).status_code == 302
    page = _page(aisha, f"community/projects/{project_id}")
    assert "<strong>Run chart</strong>" in page
    assert "<script>alert(1)" not in page
    assert "javascript:alert" not in page
    empty = _post(aisha, f"community/projects/{project_id}/messages", body="   ")
    assert empty.status_code == 400


def test_the_unread_count_is_cached_and_follows_new_and_read_messages(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    unread_tag = 'visually-hidden"> unread'
    assert unread_tag not in _page(aisha, "community")  # the count (none) is now cached
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    assert _post(ben, f"community/projects/{_project_id(database)}/join").status_code == 302

    assert '<span class="tag">1<span class="visually-hidden"> unread' in _page(aisha, "community")
    assert _post(aisha, "inbox/read").status_code == 302
    assert unread_tag not in _page(aisha, "community")
