"""Helpers for the designer tests: forms with CSRF, bulk learners and progress, SQL counting."""

from __future__ import annotations

import io
import re
import weakref
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

from lti_qi.domain.course import ActivityStatus
from lti_qi.extensions import db
from lti_qi.models import ActivityProgress, Context, Membership, User
from lti_qi.models.base import utc_now
from lti_qi.services.content import packs, pathways
from lti_qi.transaction import unit_of_work

from cpd_helpers import finish_module, new_user
from journeys import GOOD_AIM
from launching import Launched

_TOKENS: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
MINIMAL = Path(__file__).resolve().parent / "content" / "packs" / "minimal"
AIM_READINGS = ("aim-read-orientation", "aim-read-model", "aim-read-focus", "aim-read-smart")

DESIGNER_PAGES = (
    "designer/",
    "designer/progress.csv",
    "designer/signoffs",
    "designer/feedback",
    "designer/content",
    "designer/preview",
    "designer/preview/modules/aim",
    "designer/preview/activities/aim-check",
)
DESIGNER_POSTS = (
    "designer/content/upload",
    "designer/content/pass-marks",
    "designer/content/pack",
    "designer/preview/activities/aim-check/check",
    "designer/preview/actions/aim-read-model",
)


def csrf(launched: Launched) -> str:
    """Return a CSRF token of this browser session (from a designer page, else a learner's)."""
    if launched.client in _TOKENS:
        return _TOKENS[launched.client]
    response = launched.get("designer/content")
    if response.status_code == 403:
        response = launched.get("project")
    page = response.get_data(as_text=True)
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert match, page[:500]
    _TOKENS[launched.client] = match.group(1)
    return match.group(1)


def post(launched: Launched, path: str, data: dict[str, Any] | None = None, **kwargs: Any):
    """POST a form of this launch session, with a valid CSRF token."""
    token = csrf(launched)
    return launched.client.post(
        launched.url(path), data={"csrf_token": token, **(data or {})}, **kwargs
    )


def correct_answers(app: Flask, slug: str = "aim-check") -> dict[str, list[str]]:
    """Return the right answers to a knowledge check of the default pack, as form fields."""
    activity = in_app(app, lambda: pathways.pathway(packs.DEFAULT_PACK).locate(slug)[2])
    return {
        f"q-{question['id']}": [option["id"] for option in question["options"] if option["correct"]]
        for question in activity.config["questions"]
    }


def finish_aim_learning(learner: Launched, answers: dict[str, list[str]]) -> None:
    """Do module 1's first stage through the learner's own pages."""
    for slug in AIM_READINGS:
        assert post(learner, f"activities/{slug}/done").status_code == 302
    assert post(learner, "activities/aim-check/check", answers).status_code == 200


def submit_aim_apply(learner: Launched, answers: dict[str, list[str]]) -> None:
    """Do module 1's first two stages through the learner's pages; send the second for sign-off."""
    finish_aim_learning(learner, answers)
    worksheet = {"_base_version": "0", "_action": "submit", **GOOD_AIM}
    assert post(learner, "activities/aim-worksheet/worksheet", worksheet).status_code == 302
    assert post(learner, "activities/aim-evidence/done").status_code == 302
    assert post(learner, "stages/aim-apply/submit").status_code == 302


def figures(page: str) -> dict[str, int]:
    """Return the summary figures of the class-progress page, by their label."""
    return {
        label: int(value) for label, value in re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", page)
    }


def funnel_row(page: str, module_title: str, stage_title: str) -> list[str]:
    """Return the numbers of one stage's row in the funnel table."""
    module_cell = rf"<td>\d+\. {re.escape(module_title)}</td>"
    stage_cell = rf'<th scope="row">{re.escape(stage_title)}</th>'
    row = re.search(rf"{module_cell}\s*{stage_cell}(.*?)</tr>", page, re.S)
    assert row, f"no funnel row for {stage_title}"
    return re.findall(r'<td class="num">(?:<span class="muted">)?([^<]+)', row.group(1))


def in_app(app: Flask, work: Callable[[], Any]) -> Any:
    """Run database work in a fresh app context (requests must not share the test's ``g``)."""
    with app.app_context(), unit_of_work():
        return work()


def course_id(app: Flask, lti_context_id: str = "QI-101") -> int:
    """Return the tool's id for a sandbox course (launch someone into it first)."""
    query = sa.select(Context.id).where(Context.lti_context_id == lti_context_id)
    return in_app(app, lambda: db.session.scalar(query))


def add_learners(app: Flask, context_id: int, count: int, *, prefix: str = "bulk") -> list[int]:
    """Enrol ``count`` learners in a course, as launches would; return their user ids."""

    def work() -> list[int]:
        users = [
            User(issuer="https://bulk.test", sub=f"{prefix}-{n}", name=f"{prefix} learner {n:04d}")
            for n in range(count)
        ]
        db.session.add_all(users)
        db.session.flush()
        db.session.add_all(
            Membership(user_id=user.id, context_id=context_id, roles=["learner"], lti_roles=[])
            for user in users
        )
        db.session.commit()
        return [user.id for user in users]

    return in_app(app, work)


def add_progress(
    app: Flask,
    context_id: int,
    user_ids: Iterable[int],
    activity_slugs: Iterable[str],
    *,
    status: ActivityStatus = ActivityStatus.COMPLETE,
    score: float | None = None,
    days_ago: float = 0,
) -> None:
    """Store progress rows for these learners on these activities of the default pack."""
    slugs = list(activity_slugs)

    def work() -> None:
        pathway = pathways.pathway(packs.DEFAULT_PACK)
        moment: datetime = utc_now() - timedelta(days=days_ago)
        db.session.add_all(
            ActivityProgress(
                user_id=user_id,
                context_id=context_id,
                item_id=pathway.locate(slug)[2].id,
                status=status,
                score=score if pathway.locate(slug)[2].kind == "knowledge_check" else None,
                attempts=1,
                time_spent_seconds=60,
                started_at=moment,
                updated_at=moment,
            )
            for user_id in user_ids
            for slug in slugs
        )
        db.session.commit()

    in_app(app, work)


def complete_module(
    app: Flask, sub: str, slug: str = "aim", lti_context_id: str = "QI-101"
) -> None:
    """Complete a module for a launched learner, signed off by a mentor (so they may rate it)."""
    context_id = course_id(app, lti_context_id)

    def work() -> None:
        user_id = db.session.scalar(sa.select(User.id).where(User.sub == sub))
        mentor_id = new_user(f"mentor-of-{sub}")
        finish_module(user_id, context_id, slug, mentor_id=mentor_id)

    in_app(app, work)


def stage_activities(app: Flask, *stage_slugs: str) -> list[str]:
    """Return the slugs of the activities of these stages of the default pack."""

    def work() -> list[str]:
        pathway = pathways.pathway(packs.DEFAULT_PACK)
        return [a.slug for s in stage_slugs for a in pathway.locate_stage(s)[1].activities]

    return in_app(app, work)


@contextmanager
def counting_statements(app: Flask) -> Iterator[list[str]]:
    """Collect every SQL statement the app's engine runs inside the block."""
    statements: list[str] = []
    engine = in_app(app, lambda: db.engine)

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def zip_folder(folder: Path, *, extra: dict[str, bytes] | None = None, top: str = "") -> io.BytesIO:
    """Zip a pack folder (under ``top`` inside the archive), with extra entries if given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}{path.relative_to(folder).as_posix()}")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def upload(person: Launched, archive: io.BytesIO, name: str = "pack.zip"):
    """Upload a content pack archive from the designer's content page."""
    return post(
        person,
        "designer/content/upload",
        {"archive": (archive, name)},
        content_type="multipart/form-data",
    )
