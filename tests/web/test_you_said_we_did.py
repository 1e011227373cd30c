"""You said, we did: designers see each module's trend and comments, and answer with notes."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask import Flask

from lti_qi.extensions import db
from lti_qi.models import ModuleFeedback, ModuleNote
from lti_qi.services.content import packs, pathways

from designer_helpers import add_learners, course_id, in_app, post
from launching import LaunchDriver, Launched

SAID = "The examples were all from wards."
DID = "We added examples from clinics and community teams."


@pytest.fixture
def fatima(launcher: LaunchDriver) -> Launched:
    return launcher.launch(sub="designer-fatima", course="QI-101")


def note_count(app: Flask) -> int:
    return in_app(app, lambda: db.session.scalar(sa.select(sa.func.count(ModuleNote.id))))


def test_the_trend_shows_each_month_s_ratings_and_the_change(fatima: Launched, app: Flask) -> None:
    context_id = course_id(app)
    learners = add_learners(app, context_id, 3)
    months = [
        datetime(2026, 10, 5, tzinfo=UTC),
        datetime(2026, 11, 9, tzinfo=UTC),
    ]

    def leave() -> None:
        module = pathways.pathway(packs.DEFAULT_PACK).find_module("aim")
        ratings = (
            (learners[0], 2, months[0]),
            (learners[1], 4, months[1]),
            (learners[2], 5, months[1]),
        )
        db.session.add_all(
            ModuleFeedback(
                user_id=user_id,
                context_id=context_id,
                item_id=module.id,
                rating=rating,
                comment="Fine.",
                created_at=at,
            )
            for user_id, rating, at in ratings
        )
        db.session.commit()

    in_app(app, leave)
    page = fatima.get("designer/feedback?module=aim").get_data(as_text=True)
    trend = page.split('id="trend-heading"')[1].split("</table>")[0]
    assert "October 2026" in trend
    assert "November 2026" in trend
    assert trend.index("October 2026") < trend.index("November 2026")
    assert '<td class="num">4.5</td>' in trend
    assert "up 2.5" in trend
    assert "3 comments, newest first." in page


def test_a_published_note_shows_on_the_learner_s_module_page(
    fatima: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    aisha = launcher.launch(sub="learner-aisha")
    assert "You said, we did" not in aisha.get("modules/aim").get_data(as_text=True)
    published = post(fatima, "designer/feedback/aim/notes", {"you_said": SAID, "we_did": DID})
    assert published.status_code == 302
    designer_page = fatima.get("designer/feedback?module=aim").get_data(as_text=True)
    assert SAID in designer_page.split('id="notes-heading"')[1]
    page = aisha.get("modules/aim").get_data(as_text=True)
    assert "You said, we did" in page
    assert SAID in page
    assert DID in page
    assert SAID not in aisha.get("modules/team").get_data(as_text=True)
    other = launcher.launch(sub="learner-aisha", course="QI-202")
    assert SAID not in other.get("modules/aim").get_data(as_text=True)


def test_a_note_needs_both_parts(fatima: Launched, app: Flask) -> None:
    refused = post(fatima, "designer/feedback/aim/notes", {"you_said": SAID, "we_did": "  "})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "The note is not published yet" in page
    assert 'href="#note-we_did">Say what you changed.' in page
    assert SAID in page  # what was typed is kept
    assert note_count(app) == 0


def test_a_note_taken_down_leaves_the_learner_s_page(
    fatima: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    post(fatima, "designer/feedback/aim/notes", {"you_said": SAID, "we_did": DID})
    note_id = in_app(app, lambda: db.session.scalar(sa.select(ModuleNote.id)))
    assert post(fatima, f"designer/feedback/aim/notes/{note_id}/withdraw").status_code == 302
    aisha = launcher.launch(sub="learner-aisha")
    assert SAID not in aisha.get("modules/aim").get_data(as_text=True)
    assert note_count(app) == 0


def test_learners_cannot_publish_notes(launcher: LaunchDriver, app: Flask) -> None:
    aisha = launcher.launch(sub="learner-aisha")
    refused = post(aisha, "designer/feedback/aim/notes", {"you_said": SAID, "we_did": DID})
    assert refused.status_code == 403
    assert note_count(app) == 0


def test_a_note_on_an_unknown_module_is_refused(fatima: Launched, app: Flask) -> None:
    refused = post(fatima, "designer/feedback/nope/notes", {"you_said": SAID, "we_did": DID})
    assert refused.status_code == 404
    assert note_count(app) == 0
