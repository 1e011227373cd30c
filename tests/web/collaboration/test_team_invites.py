"""Team invite codes: expiring, revocable, within one organisation, approval, rate limit."""

from datetime import timedelta

from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import JoinRequest, Project
from lti_qi.models.base import utc_now
from lti_qi.services.collaboration.team_invites import JOIN_ATTEMPTS

from collaboration_helpers import post, project_of
from journeys import move_course_to_another_lms
from launching import LaunchDriver, Launched


def _chloe_shares(launcher: LaunchDriver, database) -> tuple[Launched, str]:
    chloe = launcher.launch(sub="learner-chloe", course="QI-101")
    assert post(chloe, "project/share").status_code == 302
    code = database(lambda: db.session.get(Project, project_of("learner-chloe")).invite_code)
    return chloe, code


def _ben(launcher: LaunchDriver, course: str = "QI-202") -> Launched:
    ben = launcher.launch(sub="learner-ben", course=course)
    ben.get()
    return ben


def _joins(ben: Launched, code: str, database) -> bool:
    post(ben, "project/join", code=code)
    chloe_team = database(lambda: project_of("learner-chloe"))
    return database(lambda: project_of("learner-ben")) == chloe_team


def test_a_code_works_from_another_course_of_the_same_organisation(launcher, database) -> None:
    _, code = _chloe_shares(launcher, database)
    assert _joins(_ben(launcher), code, database)


def test_a_code_does_not_work_from_another_organisation(launcher, database) -> None:
    _, code = _chloe_shares(launcher, database)
    ben = _ben(launcher)

    database(lambda: move_course_to_another_lms("QI-202"))
    response = post(ben, "project/join", code=code)
    assert response.status_code == 404
    assert not _joins(ben, code, database)


def test_an_expired_code_does_not_work_and_sharing_again_gives_a_new_one(
    launcher, database
) -> None:
    chloe, code = _chloe_shares(launcher, database)

    def expire() -> None:
        db.session.get(Project, project_of("learner-chloe")).invite_expires_at = (
            utc_now() - timedelta(minutes=1)
        )

    database(expire)
    ben = _ben(launcher)
    assert not _joins(ben, code, database)
    assert post(chloe, "project/share").status_code == 302
    fresh = database(lambda: db.session.get(Project, project_of("learner-chloe")).invite_code)
    assert fresh != code
    assert _joins(ben, fresh, database)


def test_a_revoked_code_does_not_work(launcher, database) -> None:
    chloe, code = _chloe_shares(launcher, database)
    assert code in chloe.get("project").get_data(as_text=True)
    assert post(chloe, "project/invite/revoke").status_code == 302
    assert code not in chloe.get("project").get_data(as_text=True)
    assert not _joins(_ben(launcher), code, database)


def test_a_team_that_approves_its_members_gets_a_request_instead(launcher, database) -> None:
    chloe, code = _chloe_shares(launcher, database)
    assert post(chloe, "project/invite/approval", required="yes").status_code == 302
    ben = _ben(launcher)

    assert not _joins(ben, code, database)
    assert database(lambda: db.session.scalar(select(JoinRequest.status))) == "pending"
    request_id = database(lambda: db.session.scalar(select(JoinRequest.id)))
    assert post(chloe, f"community/requests/{request_id}/decide", accept="y").status_code == 302
    assert database(lambda: project_of("learner-ben")) == database(
        lambda: project_of("learner-chloe")
    )


def test_only_the_owner_chooses_approval(launcher, database) -> None:
    _, code = _chloe_shares(launcher, database)
    ben = _ben(launcher)
    assert _joins(ben, code, database)
    assert post(ben, "project/invite/approval", required="yes").status_code == 403


def test_guessing_codes_is_limited_per_person(launcher, database) -> None:
    _, code = _chloe_shares(launcher, database)
    ben = _ben(launcher)
    for attempt in range(JOIN_ATTEMPTS):
        assert post(ben, "project/join", code=f"WRONG{attempt:03d}").status_code == 404
    refused = post(ben, "project/join", code=code)
    assert refused.status_code == 429
    assert database(lambda: project_of("learner-ben")) != database(
        lambda: project_of("learner-chloe")
    )
