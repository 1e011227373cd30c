"""The community space and project discussions: who sees them, through real sandbox launches.

Each refusal the issue asks for is proved here: another course's learner, a learner outside
the team and a mentor not assigned to the project are all kept out, while a cross-site team
member and the assigned mentor get in.
"""

from flask import Flask
from sqlalchemy import event, func, select

from lti_qi.extensions import db
from lti_qi.models import MentorAssignment, Notification, Project
from lti_qi.services.collaboration import community
from lti_qi.services.launches import sessions
from lti_qi.transaction import unit_of_work

from collaboration_helpers import SECRET_PLAN, aisha_project_id, post, shown, user_id_of
from launching import LaunchDriver, Launched

AIM_SENTENCE = "To reduce the percentage of lunch trays returned untouched from 20% to 10%"


def test_community_lists_the_course_projects_with_aim_stage_and_team(
    aisha: Launched, launcher: LaunchDriver
) -> None:
    assert post(aisha, "activities/aim-read-orientation/done").status_code == 302
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    ben.get()
    page = shown(ben, "community")
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
        assert post(launched, "activities/aim-read-orientation/done").status_code == 302
    more = queries_for_list()
    assert (few[0], more[0]) == (1, 4)
    assert few[1] == more[1]


def test_learner_of_another_course_cannot_see_this_course_projects(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = aisha_project_id(database)
    ben = launcher.launch(sub="learner-ben", course="QI-202")
    assert "Fewer untouched lunch trays" not in shown(ben, "community")
    assert ben.get(f"community/projects/{project_id}").status_code == 404
    assert post(ben, f"community/projects/{project_id}/join").status_code == 404
    assert post(ben, f"community/projects/{project_id}/messages", body="Hi").status_code == 404


def test_learner_outside_the_team_cannot_read_or_post_in_the_discussion(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = aisha_project_id(database)
    chloe = launcher.launch(sub="learner-chloe", course="QI-101")
    page = shown(chloe, f"community/projects/{project_id}")
    assert "Fewer untouched lunch trays" in page
    assert SECRET_PLAN not in page
    assert "Join this team" in page
    refused = post(chloe, f"community/projects/{project_id}/messages", body="Let me in")
    assert refused.status_code == 403
    assert "and its mentor can read and write" in refused.get_data(as_text=True)
    assert database(lambda: db.session.scalar(select(func.count()).select_from(Notification))) == 0


def test_only_the_assigned_mentor_reads_the_discussion(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = aisha_project_id(database)
    dan = launcher.launch(sub="mentor-dan", course="QI-101")
    assert SECRET_PLAN not in shown(dan, f"community/projects/{project_id}")
    assert post(dan, f"community/projects/{project_id}/messages", body="Hi").status_code == 403
    assert post(dan, f"community/projects/{project_id}/join").status_code == 403

    database(
        lambda: db.session.add(
            MentorAssignment(
                project_id=project_id,
                mentor_id=user_id_of("mentor-dan"),
                assigned_by=user_id_of("mentor-dan"),
                via="designer",
            )
        )
    )
    assert SECRET_PLAN in shown(dan, f"community/projects/{project_id}")
    posted = post(dan, f"community/projects/{project_id}/messages", body="Looks **good**.")
    assert posted.status_code == 302
    assert "Dan Evans wrote in the discussion of" in shown(aisha, "inbox")
    assert "Looks <strong>good</strong>." in shown(aisha, f"community/projects/{project_id}")


def test_cross_site_team_member_sees_the_team_and_its_discussion(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = aisha_project_id(database)
    assert post(aisha, "project/share").status_code == 302
    code = database(lambda: db.session.get(Project, project_id).invite_code)
    ben = launcher.launch(sub="learner-ben", course="QI-202")
    assert post(ben, "project/join", code=code).status_code == 302

    listing = shown(ben, "community")
    assert "Fewer untouched lunch trays" in listing
    assert "Your project" in listing
    page = shown(ben, f"community/projects/{project_id}")
    assert SECRET_PLAN in page
    assert "another course or hospital" in page
    assert post(ben, f"community/projects/{project_id}/messages", body="Hello").status_code == 302
    assert "Ben Carter wrote in the discussion" in shown(aisha, "inbox")

    chloe = launcher.launch(sub="learner-chloe", course="QI-202")
    assert chloe.get(f"community/projects/{project_id}").status_code == 404
