"""The course roster for designers: every learner's standing per module, paged or as CSV.

A page costs three queries however many learners the course has: the head count, the page
of learners (sorted in SQL), and their module cells (one query grouped by learner and
module). The CSV export streams the whole roster in batches of the same two queries.

Module cells follow the learner's own pages: *completion* is the share of the module's
activities done (submitted or complete); *score* is the module score rule of
``lti_qi.domain.progress``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Subquery, case, func, select
from sqlalchemy.sql.elements import ColumnElement

from lti_qi.domain.pathway import Module, Pathway
from lti_qi.domain.progress import LearnerRecord, module_score
from lti_qi.extensions import db
from lti_qi.models import ActivityProgress, User
from lti_qi.services import class_queries, content

PAGE_SIZE = 50
CSV_BATCH = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class RosterOrder(StrEnum):
    """How the roster is sorted."""

    NAME = "name"
    PROGRESS = "progress"
    LAST_ACTIVE = "last_active"

    @property
    def label(self) -> str:
        """Return the order in words."""
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class ModuleCell:
    """One learner's standing in one module."""

    completion: float
    score: float
    last_active: datetime | None


EMPTY_CELL = ModuleCell(0.0, 0.0, None)


@dataclass(frozen=True)
class RosterRow:
    """One learner: overall completion, last activity, and a cell per module."""

    user_id: int
    name: str
    email: str | None
    completion: float
    last_active: datetime | None
    modules: tuple[ModuleCell, ...]


@dataclass(frozen=True)
class RosterPage:
    """One page of the roster."""

    rows: tuple[RosterRow, ...]
    page: int
    pages: int
    total: int
    order: RosterOrder

    @property
    def first_number(self) -> int:
        """Return the position in the roster of this page's first learner (from 1)."""
        return (self.page - 1) * PAGE_SIZE + 1


def roster_page(
    context_id: int, pathway: Pathway, *, page: int = 1, order: RosterOrder = RosterOrder.NAME
) -> RosterPage:
    """Return one page of the course's learners, sorted, with their module cells."""
    learners = class_queries.learner_ids(context_id).subquery()
    total = int(db.session.scalar(select(func.count()).select_from(learners)) or 0)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = roster_rows(context_id, pathway, order, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    return RosterPage(tuple(rows), page, pages, total, order)


def roster_rows(
    context_id: int, pathway: Pathway, order: RosterOrder, *, offset: int, limit: int
) -> list[RosterRow]:
    """Return a slice of the sorted roster, with module cells (two queries)."""
    learners = class_queries.learner_ids(context_id).subquery()
    totals = class_queries.learner_totals(context_id, pathway)
    query = (
        select(User, totals.c.done, totals.c.last_active)
        .join(learners, learners.c.user_id == User.id)
        .outerjoin(totals, totals.c.user_id == User.id)
        .order_by(*_ordering(order, totals), User.id)
        .offset(offset)
        .limit(limit)
    )
    found = db.session.execute(query).all()
    cells = _module_cells(context_id, pathway, [user.id for user, _, _ in found])
    total = class_queries.activity_count(pathway)
    empty = tuple(EMPTY_CELL for _ in pathway.modules)
    return [
        RosterRow(
            user.id,
            user.display_name,
            user.email,
            (done or 0) / total,
            last,
            cells.get(user.id, empty),
        )
        for user, done, last in found
    ]


def roster_csv(context_id: int) -> Iterator[str]:
    """Yield the course's whole roster as CSV lines, header first, sorted by name.

    Cells a spreadsheet would run as a formula (starting ``= + - @``, tab or carriage
    return) get a leading ``'``, so they show as text.
    """
    setting = content.course_setting(context_id)
    pathway = content.pathway(setting.pack_slug)
    yield _csv_line(_csv_header(pathway.modules))
    offset = 0
    while batch := roster_rows(
        context_id, pathway, RosterOrder.NAME, offset=offset, limit=CSV_BATCH
    ):
        for row in batch:
            yield _csv_line(_csv_cells(row))
        offset += CSV_BATCH


def neutralise_formula(cell: str) -> str:
    """Return a cell that spreadsheets show as text, never run as a formula."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def _ordering(order: RosterOrder, totals: Subquery) -> Sequence[ColumnElement[object]]:
    if order is RosterOrder.PROGRESS:
        return [func.coalesce(totals.c.done, 0).desc()]
    if order is RosterOrder.LAST_ACTIVE:
        return [totals.c.last_active.is_(None), totals.c.last_active.desc()]
    name = func.lower(
        func.coalesce(User.name, User.given_name + " " + User.family_name, User.given_name, "")
    )
    return [name == "", name]


def _module_cells(
    context_id: int, pathway: Pathway, user_ids: list[int]
) -> dict[int, tuple[ModuleCell, ...]]:
    """Return the learners' module cells, from one query grouped by learner and module."""
    if not user_ids:
        return {}
    tagged = _tagged_rows(context_id, pathway, user_ids)
    query = select(
        tagged.c.user_id,
        tagged.c.module,
        func.sum(tagged.c.done),
        func.sum(tagged.c.check_score),
        func.max(tagged.c.updated_at),
    ).group_by(tagged.c.user_id, tagged.c.module)
    found: dict[int, dict[int, ModuleCell]] = {}
    for user_id, position, done, check_total, last in db.session.execute(query):
        cell = _cell(pathway.modules[position], done, check_total, last)
        found.setdefault(user_id, {})[position] = cell
    positions = range(len(pathway.modules))
    return {
        user_id: tuple(by_module.get(position, EMPTY_CELL) for position in positions)
        for user_id, by_module in found.items()
    }


def _tagged_rows(context_id: int, pathway: Pathway, user_ids: list[int]) -> Subquery:
    """Progress rows of these learners, each tagged with its module's position.

    Grouping happens on this subquery's columns: PostgreSQL would not match a ``CASE`` with
    bound parameters in ``GROUP BY`` to the same ``CASE`` in the select list.
    """
    checks = [a.id for a in pathway.activities() if a.kind == "knowledge_check"]
    check_score = case(
        (ActivityProgress.item_id.in_(checks), func.coalesce(ActivityProgress.score, 0.0)),
        else_=0.0,
    )
    return (
        select(
            ActivityProgress.user_id,
            class_queries.position_case(pathway, by_stage=False).label("module"),
            class_queries.done_flag().label("done"),
            check_score.label("check_score"),
            ActivityProgress.updated_at,
        )
        .where(
            ActivityProgress.context_id == context_id,
            ActivityProgress.user_id.in_(user_ids),
            ActivityProgress.item_id.in_(class_queries.activity_ids(pathway)),
        )
        .subquery()
    )


def _cell(module: Module, done: int, check_total: float, last: datetime | None) -> ModuleCell:
    """Score a module by the documented rule, from the sum of its check marks.

    ``module_score`` takes each check's mark; giving every check the mean mark gives the same
    score, because the rule uses only their mean.
    """
    activities = list(module.activities())
    completion = (done or 0) / len(activities) if activities else 0.0
    checks = [activity for activity in activities if activity.kind == "knowledge_check"]
    mean = (check_total or 0.0) / len(checks) if checks else 0.0
    record = LearnerRecord(scores={check.id: mean for check in checks})
    return ModuleCell(completion, module_score(activities, record, completion), last)


def _csv_header(modules: Sequence[Module]) -> list[str]:
    per_module = [
        f"{module.title}: {column}"
        for module in modules
        for column in ("completion %", "score", "last activity (UTC)")
    ]
    return ["Learner", "Email", "Pathway completion %", "Last activity (UTC)", *per_module]


def _csv_cells(row: RosterRow) -> list[str]:
    cells = [row.name, row.email or "", _percent(row.completion), _timestamp(row.last_active)]
    for cell in row.modules:
        cells += [_percent(cell.completion), f"{cell.score:g}", _timestamp(cell.last_active)]
    return cells


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([neutralise_formula(cell) for cell in cells])
    return buffer.getvalue()


def _percent(fraction: float) -> str:
    return str(round(fraction * 100))


def _timestamp(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""
