"""Module feedback results: ratings per module and comments, newest first, per course."""

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from lti_qi.extensions import db
from lti_qi.models import ModuleFeedback
from lti_qi.models.base import utc_now
from lti_qi.services.content import packs, pathways
from lti_qi.services.curriculum import learning, module_surveys
from lti_qi.services.launches.sessions import resolve_session
from lti_qi.services.rosters import feedback_results
from lti_qi.transaction import unit_of_work

from designer_helpers import add_learners, complete_module, course_id, in_app, post
from launching import LaunchDriver, Launched
from races import at_once


@pytest.fixture
def fatima(launcher: LaunchDriver) -> Launched:
    return launcher.launch(sub="designer-fatima", course="QI-101")


def ratings_row(page: str, number: int) -> list[str]:
    row = re.search(rf'<th scope="row"><a [^>]+>{number}\. .*?</tr>', page, re.S)
    assert row, page
    return re.findall(r'<td class="num">([^<]+)', row.group(0))


def test_ratings_and_comments_from_the_learners_survey(
    fatima: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    answers = (
        ("learner-aisha", {"rating": "4", "comment": "The SMART examples helped."}),
        ("learner-ben", {"rating": "2", "comment": "=cmd|' /C calc'!A0"}),
        ("learner-chloe", {"rating": "5"}),
    )
    for sub, answer in answers:
        learner = launcher.launch(sub=sub)
        complete_module(app, sub)
        assert post(learner, "modules/aim/feedback", answer).status_code == 302
    page = fatima.get("designer/feedback").get_data(as_text=True)
    assert ratings_row(page, 1) == ["3", "3.7", "0 ", "1 ", "0 ", "1 ", "1 "]
    assert ratings_row(page, 2) == ["0", "0", "0", "0", "0", "0"]
    assert '<span class="muted">none</span>' in page
    assert "2 comments, newest first." in page
    assert page.index("=cmd|&#39; /C calc&#39;!A0") < page.index("The SMART examples helped.")
    assert "Aisha" not in page.split('id="comments-heading"')[1]


def test_comments_are_paged_newest_first(fatima: Launched, app: Flask) -> None:
    context_id = course_id(app)
    learners = add_learners(app, context_id, 25)

    def leave() -> None:
        module = pathways.pathway(packs.DEFAULT_PACK).find_module("team")
        now = utc_now()
        db.session.add_all(
            ModuleFeedback(
                user_id=user_id,
                context_id=context_id,
                item_id=module.id,
                rating=3,
                comment=f"Comment number {number:02d}",
                created_at=now - timedelta(hours=number),
            )
            for number, user_id in enumerate(learners)
        )
        db.session.commit()

    in_app(app, leave)
    first = fatima.get("designer/feedback?module=team").get_data(as_text=True)
    assert "Comments on “Forming a team and engaging stakeholders”" in first
    assert "Comment number 00" in first
    assert "Comment number 19" in first
    assert "Comment number 20" not in first
    assert "Page 1 of 2" in first
    assert re.search(r'\?(?=[^"]*module=team)(?=[^"]*page=2)[^"]*#comments-heading">Older', first)
    second = fatima.get("designer/feedback?module=team&page=2").get_data(as_text=True)
    assert "Comment number 24" in second
    assert re.search(r'page=1[^"]*#comments-heading">Newer comments</a>', second)
    assert "Comment number 00" not in second
    assert fatima.get("designer/feedback?module=nope").status_code == 404


def test_results_are_one_query_for_all_modules(fatima: Launched, app: Flask) -> None:
    context_id = course_id(app)

    def results():
        return feedback_results.feedback_results(context_id, module_slug="aim")

    found = in_app(app, results)
    assert [ratings.responses for ratings in found.ratings] == [0] * 7
    assert found.ratings[0].mean_rating is None
    assert found.comments.total == 0
    assert in_app(app, lambda: db.session.scalar(sa.select(sa.func.count(ModuleFeedback.id)))) == 0


def test_feedback_sent_from_two_tabs_at_once_keeps_one_answer(
    postgres: None, launcher: LaunchDriver, app: Flask
) -> None:
    aisha = launcher.launch(sub="learner-aisha")
    complete_module(app, "learner-aisha")
    with app.app_context(), unit_of_work():
        actor = resolve_session(aisha.token)
        view = learning.learner_view(actor)
        module = view.pathway.find_module("aim")
        assert module is not None

    def answer(rating: int) -> Callable[[], object]:
        return lambda: module_surveys.leave_feedback(actor, view, module, rating, "Tab text.")

    assert at_once(app, "module_feedback", [answer(3), answer(5)]) == ["done", "done"]
    with app.app_context(), unit_of_work():
        ratings = db.session.scalars(sa.select(ModuleFeedback.rating)).all()
    assert len(ratings) == 1
    assert ratings[0] in (3, 5)
