"""A learner's journey through the default pathway, driven through real sandbox launches."""

import re

from flask import Flask
from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import ActivityProgress, Project, Reflection, StageSignoff
from lti_qi.services.base import projects
from lti_qi.services.content import packs, pathways
from lti_qi.transaction import unit_of_work

from journeys import GOOD_AIM, csrf, finish_learn_stage, sign_off_aim_apply, submit_aim_stage
from launching import LaunchDriver, Launched


def test_pathway_shows_modules_progress_and_where_to_continue(aisha: Launched) -> None:
    page = aisha.get().get_data(as_text=True)
    assert "Your quality improvement project, step by step" in page
    assert "Continue: How this pathway works" in page
    assert "Locked until the previous module is complete" in page
    assert '<progress max="100" value="0" aria-label="Pathway completion"' in page


def test_reading_is_marked_done_and_continues_to_the_next(aisha: Launched) -> None:
    token = csrf(aisha, "activities/aim-read-orientation")
    response = aisha.client.post(
        aisha.url("activities/aim-read-orientation/done"), data={"csrf_token": token}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/activities/aim-read-model")
    assert "Complete" in aisha.get("modules/aim").get_data(as_text=True)


def test_knowledge_check_needs_every_answer(aisha: Launched) -> None:
    token = csrf(aisha, "activities/aim-check")
    response = aisha.client.post(
        aisha.url("activities/aim-check/check"), data={"csrf_token": token, "q-q1": "a"}
    )
    assert response.status_code == 422
    assert "has no answer" in response.get_data(as_text=True)


def test_knowledge_check_is_marked_with_feedback_and_best_score_kept(
    aisha: Launched, app: Flask, correct: dict[str, list[str]], database
) -> None:
    token = csrf(aisha, "activities/aim-check")
    answers = correct
    wrong = {key: ["a"] if value != ["a"] else ["b"] for key, value in answers.items()}
    first = aisha.client.post(
        aisha.url("activities/aim-check/check"), data={"csrf_token": token, **answers}
    )
    assert "You got 8 of 8 right (100%)" in first.get_data(as_text=True)
    second = aisha.client.post(
        aisha.url("activities/aim-check/check"), data={"csrf_token": token, **wrong}
    )
    assert "You got 0 of 8 right" in second.get_data(as_text=True)
    assert "Correct answer" in second.get_data(as_text=True)
    row = database(
        lambda: db.session.scalar(
            select(ActivityProgress).where(ActivityProgress.score.is_not(None))
        )
    )
    assert row.score == 100.0
    assert row.attempts == 2


def test_later_stage_is_locked_until_the_earlier_one_is_complete(
    aisha: Launched, correct: dict[str, list[str]]
) -> None:
    locked = aisha.get("activities/aim-worksheet")
    assert locked.status_code == 403
    assert "not open yet" in locked.get_data(as_text=True)
    finish_learn_stage(aisha, correct)
    assert aisha.get("activities/aim-worksheet").status_code == 200


def test_submitting_a_complete_stage_waits_for_sign_off(
    aisha: Launched, app: Flask, correct: dict[str, list[str]], database
) -> None:
    finish_learn_stage(aisha, correct)
    token = csrf(aisha, "activities/aim-worksheet")
    data = {"csrf_token": token, "_base_version": "0", "_action": "submit", **GOOD_AIM}
    assert (
        aisha.client.post(aisha.url("activities/aim-worksheet/worksheet"), data=data).status_code
        == 302
    )
    assert (
        aisha.client.post(
            aisha.url("activities/aim-evidence/done"), data={"csrf_token": token}
        ).status_code
        == 302
    )
    submitted = aisha.client.post(aisha.url("stages/aim-apply/submit"), data={"csrf_token": token})
    assert submitted.status_code == 302
    assert database(lambda: db.session.scalar(select(StageSignoff.status))) == "submitted"
    assert "Awaiting sign-off" in aisha.get("modules/aim").get_data(as_text=True)
    assert aisha.get("activities/aim-reflection").status_code == 403


def test_nobody_signs_off_their_own_project(
    launcher: LaunchDriver, correct: dict[str, list[str]], database
) -> None:
    aisha = launcher.launch(sub="learner-aisha", case="several-roles")  # learner and mentor
    submit_aim_stage(aisha, correct)
    project_id = database(lambda: db.session.scalar(select(Project.id)))
    refused = aisha.client.post(
        aisha.url(f"mentoring/projects/{project_id}/stages/aim-apply/decide"),
        data={"csrf_token": csrf(aisha, "project"), "round": "1", "decision": "approve"},
    )
    assert refused.status_code == 403
    assert database(lambda: db.session.scalar(select(StageSignoff.status))) == "submitted"


def test_reflection_needs_enough_words_to_finish(
    aisha: Launched, app: Flask, correct: dict[str, list[str]]
) -> None:
    finish_learn_stage(aisha, correct)
    sign_off_aim_apply(app)
    token = csrf(aisha, "activities/aim-reflection")
    short = aisha.client.post(
        aisha.url("activities/aim-reflection/reflection"),
        data={"csrf_token": token, "text": "Too short.", "_action": "finish", "_base_version": "0"},
    )
    page = short.get_data(as_text=True)
    assert short.status_code == 422
    assert "write at least 50" in page
    assert ">Too short.</textarea>" in page
    assert 'name="_base_version" value="1"' in page
    with app.app_context(), unit_of_work():
        assert db.session.scalar(select(Reflection.text)) == "Too short."
        reflection_id = pathways.pathway(packs.DEFAULT_PACK).locate("aim-reflection")[2].id
        query = select(ActivityProgress.status).where(ActivityProgress.item_id == reflection_id)
        assert db.session.scalar(query) == "in_progress"
    assert ">Too short.</textarea>" in aisha.get("activities/aim-reflection").get_data(as_text=True)
    text = " ".join(["I learnt to write a measurable aim with a baseline and a date."] * 6)
    done = aisha.client.post(
        aisha.url("activities/aim-reflection/reflection"),
        data={"csrf_token": token, "text": text, "_action": "finish", "_base_version": "1"},
    )
    assert done.status_code == 302


def test_team_member_from_another_course_joins_with_the_invite_code(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    token = csrf(aisha, "project")
    aisha.client.post(aisha.url("project/share"), data={"csrf_token": token})
    code = database(lambda: db.session.scalar(select(Project.invite_code)))
    assert code
    ben = launcher.launch(sub="learner-ben", course="QI-202")
    ben_token = csrf(ben, "project")
    joined = ben.client.post(
        ben.url("project/join"), data={"csrf_token": ben_token, "code": code.lower()}
    )
    assert joined.status_code == 302
    page = ben.get("project").get_data(as_text=True)
    assert "Aisha Khan" in page
    assert "Ben Carter" in page


def test_wrong_invite_code_is_explained(aisha: Launched) -> None:
    token = csrf(aisha, "project")
    response = aisha.client.post(
        aisha.url("project/join"), data={"csrf_token": token, "code": "NOPE1234"}
    )
    assert response.status_code == 404
    assert "No team has that invite code" in response.get_data(as_text=True)


def test_evidence_file_is_checked_and_only_members_can_open_it(
    aisha: Launched, launcher: LaunchDriver, correct: dict[str, list[str]]
) -> None:
    finish_learn_stage(aisha, correct)
    token = csrf(aisha, "activities/aim-evidence")
    url = aisha.url("activities/aim-evidence/evidence")
    fake = {
        "csrf_token": token,
        "title": "Poster",
        "file": (__import__("io").BytesIO(b"not a pdf"), "poster.pdf"),
    }
    refused = aisha.client.post(url, data=fake, content_type="multipart/form-data")
    assert refused.status_code == 400
    assert "does not look like a .pdf file" in refused.get_data(as_text=True)
    real = {
        "csrf_token": token,
        "title": "Poster",
        "file": (__import__("io").BytesIO(b"%PDF-1.4 test"), "poster.pdf"),
    }
    assert aisha.client.post(url, data=real, content_type="multipart/form-data").status_code == 302
    link = re.search(
        r'href="(/s/[^"]+/evidence/\d+)"',
        aisha.get("activities/aim-evidence").get_data(as_text=True),
    )
    assert aisha.client.get("http://tool.test" + link.group(1)).data == b"%PDF-1.4 test"
    chloe = launcher.launch(sub="learner-chloe")
    evidence_path = link.group(1).split("/evidence/")[1]
    assert chloe.get(f"evidence/{evidence_path}").status_code == 403


def test_projects_are_per_course(launcher: LaunchDriver, database) -> None:
    launcher.launch(sub="learner-aisha", course="QI-101").get()
    launcher.launch(sub="learner-aisha", course="QI-202").get()
    assert database(lambda: len(db.session.scalars(select(Project)).all())) == 2
    assert database(lambda: projects.member_count(db.session.scalar(select(Project.id)))) == 1


def _option_order(page: str, question: str) -> list[str]:
    return re.findall(rf'name="q-{question}" value="([a-z])"', page)


def test_knowledge_check_options_keep_the_learners_order_and_are_marked_by_id(
    aisha: Launched, launcher: LaunchDriver, correct: dict[str, list[str]]
) -> None:
    pages = [aisha.get("activities/aim-check").get_data(as_text=True) for _ in range(2)]
    mine = [_option_order(pages[0], f"q{number}") for number in range(1, 9)]
    assert mine == [_option_order(pages[1], f"q{number}") for number in range(1, 9)]
    ben = launcher.launch(sub="learner-ben")
    page = ben.get("activities/aim-check").get_data(as_text=True)
    theirs = [_option_order(page, f"q{number}") for number in range(1, 9)]
    assert all(theirs)
    assert [sorted(order) for order in theirs] == [sorted(order) for order in mine]
    assert mine != theirs
    token = csrf(aisha, "activities/aim-check")
    result = aisha.client.post(
        aisha.url("activities/aim-check/check"), data={"csrf_token": token, **correct}
    ).get_data(as_text=True)
    assert "You got 8 of 8 right (100%)" in result
