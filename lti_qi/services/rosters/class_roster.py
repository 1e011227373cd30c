"""The course roster for designers: every learner's standing per module, paged or as CSV.

A page is sorted by name in SQL, or by progress or last activity from the learners' totals
(one grouped query per page, made by ``class_queries.learner_totals``); its learners' module
cells come from one more query grouped by learner and module. The CSV export streams the
whole roster in batches of the same queries.

Module cells follow the learner's own pages: *completion* is the share of the module's
activities done (submitted or complete); *score* is the module score rule of
``lti_qi.domain.course.progress``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Subquery, case, func, select

from lti_qi.domain import spreadsheet
from lti_qi.domain.course import LearnerRecord, Module, module_score
from lti_qi.extensions import db
from lti_qi.models import ActivityProgress, Membership, User
from lti_qi.services.rosters import class_queries
from lti_qi.services.rosters.class_queries import CourseScope, LearnerTotal

PAGE_SIZE = 50
CSV_BATCH = 500


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
    scope: CourseScope,
    learners: Sequence[int],
    totals: Mapping[int, LearnerTotal],
    *,
    page: int = 1,
    order: RosterOrder = RosterOrder.NAME,
) -> RosterPage:
    """Return one page of the course's learners, sorted, with their module cells.

    Args:
        scope: the course.
        learners: the ids of all its learners (``class_queries.learner_ids``).
        totals: their progress totals (``class_queries.learner_totals``).
        page: the page to show, from 1 (out-of-range pages show the nearest page).
        order: how to sort.
    """
    pages = max(1, -(-len(learners) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    users = _page_users(scope, learners, totals, order, offset=(page - 1) * PAGE_SIZE)
    rows = roster_rows(scope, users, totals)
    return RosterPage(tuple(rows), page, pages, len(learners), order)


def roster_rows(
    scope: CourseScope, users: Sequence[User], totals: Mapping[int, LearnerTotal]
) -> list[RosterRow]:
    """Return these learners' roster rows, with module cells (one query)."""
    cells = _module_cells(scope, [user.id for user in users])
    everything = class_queries.activity_count(scope.pathway)
    empty = tuple(EMPTY_CELL for _ in scope.pathway.modules)
    return [
        RosterRow(
            user.id,
            user.display_name,
            user.email,
            totals[user.id].done / everything if user.id in totals else 0.0,
            totals[user.id].last_active if user.id in totals else None,
            cells.get(user.id, empty),
        )
        for user in users
    ]


def roster_csv(context_id: int) -> Iterator[str]:
    """Yield the course's whole roster as CSV lines, header first, sorted by name.

    Cells a spreadsheet would run as a formula (starting ``= + - @``, tab or carriage
    return) get a leading ``'``, so they show as text.
    """
    scope = class_queries.course_scope(context_id)
    totals = class_queries.learner_totals(scope)
    yield spreadsheet.csv_line(_csv_header(scope.pathway.modules))
    offset = 0
    while users := _users_by_name(scope, offset=offset, limit=CSV_BATCH):
        for row in roster_rows(scope, users, totals):
            yield spreadsheet.csv_line(_csv_cells(row))
        offset += CSV_BATCH


def _page_users(
    scope: CourseScope,
    learners: Sequence[int],
    totals: Mapping[int, LearnerTotal],
    order: RosterOrder,
    *,
    offset: int,
) -> list[User]:
    """Return a page of learners: sorted by name in SQL, or by their totals in Python."""
    if order is RosterOrder.NAME:
        return _users_by_name(scope, offset=offset, limit=PAGE_SIZE)
    never = datetime.min.replace(tzinfo=UTC)

    def key(user_id: int) -> tuple[float, float, int]:
        total = totals.get(user_id)
        if order is RosterOrder.PROGRESS:
            return (-(total.done if total else -1), 0.0, user_id)
        return (total is None, -(total.last_active if total else never).timestamp(), user_id)

    ids = sorted(learners, key=key)[offset : offset + PAGE_SIZE]
    users = class_queries.users_by_id(ids)
    return [users[user_id] for user_id in ids]


def _users_by_name(scope: CourseScope, *, offset: int, limit: int) -> list[User]:
    """Return a slice of the course's learners sorted by name (anonymous ones last)."""
    name = func.lower(
        func.coalesce(User.name, User.given_name + " " + User.family_name, User.given_name, "")
    )
    query = (
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.context_id == scope.context_id,
            Membership.is_active.is_(True),
            scope.is_learner(User.id),
        )
        .order_by(name == "", name, User.id)
        .offset(offset)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def _module_cells(scope: CourseScope, user_ids: list[int]) -> dict[int, tuple[ModuleCell, ...]]:
    """Return the learners' module cells, from one query grouped by learner and module."""
    if not user_ids:
        return {}
    pathway = scope.pathway
    tagged = _tagged_rows(scope, user_ids)
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


def _tagged_rows(scope: CourseScope, user_ids: list[int]) -> Subquery:
    """Progress rows of these learners, each tagged with its module's position.

    Grouping happens on this subquery's columns: PostgreSQL would not match a ``CASE`` with
    bound parameters in ``GROUP BY`` to the same ``CASE`` in the select list.
    """
    pathway = scope.pathway
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
            ActivityProgress.context_id == scope.context_id,
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


def _percent(fraction: float) -> str:
    return str(round(fraction * 100))


def _timestamp(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""
