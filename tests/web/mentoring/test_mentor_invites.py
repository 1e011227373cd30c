"""Mentor invitations: one expert per link, and the designer who sent a link can revoke it."""

import re

from journeys import csrf
from launching import LaunchDriver, Launched


def _invite(designer: Launched) -> str:
    token = csrf(designer, "mentoring/assignments")
    created = designer.client.post(designer.url("mentoring/invites"), data={"csrf_token": token})
    page = designer.client.get("http://tool.test" + created.headers["Location"])
    return re.search(r"(http://tool.test/mentor-invite/[^<\s]+)", page.get_data(as_text=True))[1]


def _accept(expert: Launched, invite: str) -> int:
    data = {"csrf_token": csrf(expert, "project")}  # a token of this browser's session
    return expert.client.post(invite, data=data).status_code


def test_an_invitation_is_for_the_one_expert_who_accepts_it(launcher: LaunchDriver) -> None:
    invite = _invite(launcher.launch(sub="designer-fatima"))
    ben = launcher.launch(sub="learner-ben", course="QI-202")
    assert _accept(ben, invite) == 302
    assert ben.client.get(invite).status_code == 200  # Ben comes back to the course with it
    chloe = launcher.launch(sub="learner-chloe", course="QI-202")
    assert chloe.client.get(invite).status_code == 404
    assert _accept(chloe, invite) == 404


def test_the_designer_lists_open_invitations_and_revokes_one(launcher: LaunchDriver) -> None:
    fatima = launcher.launch(sub="designer-fatima")
    invite = _invite(fatima)
    token = invite.rsplit("/", 1)[1]
    page = fatima.get("mentoring/assignments").get_data(as_text=True)
    assert f'name="token" value="{token}"' in page

    revoked = fatima.client.post(
        fatima.url("mentoring/invites/revoke"),
        data={"csrf_token": csrf(fatima, "mentoring/assignments"), "token": token},
    )

    assert revoked.status_code == 302
    assert token not in fatima.get("mentoring/assignments").get_data(as_text=True)
    ben = launcher.launch(sub="learner-ben", course="QI-202")
    assert ben.client.get(invite).status_code == 404
    assert _accept(ben, invite) == 404
