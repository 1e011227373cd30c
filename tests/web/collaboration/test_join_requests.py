"""Join requests: accepted, declined, withdrawn, or lapsing as the requester joins a team."""

from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import JoinRequest, Project

from collaboration_helpers import SECRET_PLAN, aisha_project_id, post, project_of, shown, user_id_of
from launching import LaunchDriver, Launched


def test_accepted_request_makes_the_requester_a_member_who_sees_the_work(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = aisha_project_id(database)
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    before = shown(ben, f"community/projects/{project_id}")
    assert "Worksheets" not in before
    asked = post(ben, f"community/projects/{project_id}/join", message="I work on *Ward 5*.")
    assert asked.status_code == 302
    assert "You asked to join" in shown(ben, "community")

    page = shown(aisha, f"community/projects/{project_id}")
    assert "Requests to join" in page
    assert "I work on <em>Ward 5</em>." in page
    request_id = database(lambda: db.session.scalar(select(JoinRequest.id)))
    decided = post(aisha, f"community/requests/{request_id}/decide", accept="y")
    assert decided.status_code == 302

    assert "was accepted" in shown(ben, "inbox")
    page = shown(ben, f"community/projects/{project_id}")
    assert "worksheets</caption>" in page
    assert "Aim statement" in page
    assert SECRET_PLAN in page
    assert database(lambda: project_of("learner-ben")) == project_id
    assert database(lambda: db.session.scalar(select(JoinRequest.status))) == "accepted"


def _chloe_with_a_project(launcher: LaunchDriver, database) -> tuple[Launched, int]:
    """Chloe (QI-101) opens her pathway, which makes her project; returns her and its id."""
    chloe = launcher.launch(sub="learner-chloe", course="QI-101")
    chloe.get()
    return chloe, database(lambda: project_of("learner-chloe"))


def _chloe_s_invite_code(launcher: LaunchDriver, database) -> str:
    """Chloe (QI-101) shares her project as a team; return its invite code."""
    chloe = launcher.launch(sub="learner-chloe", course="QI-101")
    assert post(chloe, "project/share").status_code == 302
    return database(lambda: db.session.get(Project, project_of("learner-chloe")).invite_code)


def test_a_request_lapses_when_the_requester_joins_another_team_by_code(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = aisha_project_id(database)
    code = _chloe_s_invite_code(launcher, database)
    chloe_project = database(lambda: project_of("learner-chloe"))
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    assert post(ben, f"community/projects/{project_id}/join").status_code == 302
    assert post(ben, "project/join", code=code).status_code == 302

    assert "Requests to join" not in shown(aisha, f"community/projects/{project_id}")
    assert "You asked to join" not in shown(ben, "community")
    request_id = database(lambda: db.session.scalar(select(JoinRequest.id)))
    refused = post(aisha, f"community/requests/{request_id}/decide", accept="y")
    assert refused.status_code == 409
    assert "Ben Carter has joined another team since asking" in refused.get_data(as_text=True)
    assert database(lambda: project_of("learner-ben")) == chloe_project
    assert database(lambda: db.session.scalar(select(JoinRequest.status))) == "cancelled"
    assert "was accepted" not in shown(ben, "inbox")
    assert post(ben, f"community/projects/{project_id}/join").status_code == 302  # ask again


def test_a_request_is_cancelled_as_soon_as_the_requester_joins_a_team_by_code(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = aisha_project_id(database)
    code = _chloe_s_invite_code(launcher, database)
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    assert post(ben, f"community/projects/{project_id}/join").status_code == 302
    assert database(lambda: db.session.scalar(select(JoinRequest.status))) == "pending"
    assert post(ben, "project/join", code=code).status_code == 302
    assert database(lambda: db.session.scalar(select(JoinRequest.status))) == "cancelled"


def test_accepting_one_request_cancels_the_requester_s_others(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = aisha_project_id(database)
    chloe, chloe_project = _chloe_with_a_project(launcher, database)
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    ben.get()

    def two_requests() -> list[int]:
        user_id, context_id = (
            user_id_of("learner-ben"),
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
    assert post(chloe, f"community/requests/{to_chloe}/decide", accept="y").status_code == 302
    assert database(lambda: db.session.get(JoinRequest, to_aisha).status) == "cancelled"
    late = post(aisha, f"community/requests/{to_aisha}/decide", accept="y")
    assert late.status_code == 409
    assert "has joined another team since asking" in late.get_data(as_text=True)
    assert database(lambda: project_of("learner-ben")) == chloe_project


def test_declined_request_leaves_the_requester_outside(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = aisha_project_id(database)
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    assert post(ben, f"community/projects/{project_id}/join").status_code == 302
    request_id = database(lambda: db.session.scalar(select(JoinRequest.id)))
    assert post(aisha, f"community/requests/{request_id}/decide", decline="y").status_code == 302
    again = post(aisha, f"community/requests/{request_id}/decide", accept="y")
    assert again.status_code == 409
    assert "was declined" in shown(ben, "inbox")
    assert database(lambda: project_of("learner-ben")) != project_id
    assert SECRET_PLAN not in shown(ben, f"community/projects/{project_id}")


def test_second_request_is_refused_until_the_first_is_answered_or_withdrawn(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = aisha_project_id(database)
    chloe, chloe_project = _chloe_with_a_project(launcher, database)
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    assert post(ben, f"community/projects/{project_id}/join").status_code == 302
    duplicate = post(ben, f"community/projects/{project_id}/join")
    assert duplicate.status_code == 409
    elsewhere = post(ben, f"community/projects/{chloe_project}/join")
    assert elsewhere.status_code == 409
    assert "already asked to join “Fewer untouched lunch trays”" in elsewhere.get_data(as_text=True)
    request_id = database(lambda: db.session.scalar(select(JoinRequest.id)))
    assert post(chloe, f"community/requests/{request_id}/decide", accept="y").status_code == 403
    assert post(ben, f"community/requests/{request_id}/withdraw").status_code == 302
    assert "Requests to join" not in shown(aisha, f"community/projects/{project_id}")
    assert post(ben, f"community/projects/{chloe_project}/join").status_code == 302


def test_nobody_asks_to_join_their_own_project(aisha: Launched, database) -> None:
    refused = post(aisha, f"community/projects/{aisha_project_id(database)}/join")
    assert refused.status_code == 409
    assert "You are already on this project" in refused.get_data(as_text=True)
