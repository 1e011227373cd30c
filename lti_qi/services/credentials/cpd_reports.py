"""CPD reports for administrators: completions and hours by learner, course and date.

An administrator sees the courses of their ``AdminScope`` (``platforms.administrators``): the
course they launched from, or, for an administrator of the organisation, every course of the
LMS registration they launched from, with its siblings where an issuer's client ids are
approved together (Open edX components); never another organisation's. Filters combine;
the table shows the newest completions first, the totals and the per-month chart cover
everything the filters match, and the CSV holds every matching row. Hours are totalled by
``cpd.learner_cpd_hours`` (module records only: a pathway record restates its modules' hours),
the rule My CPD and the certificates follow too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Row, Select, func, or_, select

from lti_qi.domain import spreadsheet
from lti_qi.domain.charts import Bar
from lti_qi.domain.course import cpd
from lti_qi.errors import NotFound
from lti_qi.extensions import db
from lti_qi.models import Context, CpdKind, CpdRecord, User
from lti_qi.services.credentials import certificates
from lti_qi.services.platforms.administrators import AdminScope

TABLE_LIMIT = 200
_Hours = Row[datetime, CpdKind, float, bool]  # completed_at and a cpd.HoursRecord
CSV_HEADER = (
    "serial",
    "learner",
    "learner_email",
    "lms_user_id",
    "course",
    "activity",
    "kind",
    "hours",
    "hours_counted",
    "started",
    "completed",
    "issued",
    "status",
    "verification_url",
)


@dataclass(frozen=True)
class ReportFilter:
    """What an administrator asked to see (every part optional)."""

    context_id: int | None = None
    learner: str = ""
    completed_from: date | None = None
    completed_to: date | None = None


@dataclass(frozen=True)
class CompletionRow:
    """One CPD record with the learner and course it belongs to."""

    record: CpdRecord
    learner: User
    course: Context
    revoked_by: str | None = None  # the name of the administrator who revoked it


@dataclass(frozen=True)
class CpdReport:
    """What the administrator's CPD page shows."""

    rows: list[CompletionRow]
    record_count: int
    hours: float
    learner_count: int
    by_month: list[Bar]
    courses: list[Context]

    @property
    def is_truncated(self) -> bool:
        """Whether the table shows fewer rows than match (the CSV has them all)."""
        return self.record_count > len(self.rows)


def report(scope: AdminScope, wanted: ReportFilter) -> CpdReport:
    """Return the CPD report for the courses the administrator sees, filtered."""
    query = _matching(scope, wanted)
    totals = db.session.execute(
        query.with_only_columns(
            func.count(CpdRecord.id), func.count(func.distinct(CpdRecord.user_id))
        )
    ).one()
    hours = _hours_of(query)
    rows = db.session.execute(query.order_by(CpdRecord.completed_at.desc()).limit(TABLE_LIMIT))
    return CpdReport(
        rows=_with_revokers([CompletionRow(record, user, course) for record, user, course in rows]),
        record_count=int(totals[0]),
        hours=cpd.learner_cpd_hours(hours),
        learner_count=int(totals[1]),
        by_month=_hours_by_month(hours),
        courses=courses(scope),
    )


def _with_revokers(rows: list[CompletionRow]) -> list[CompletionRow]:
    """Name who revoked each revoked record (one query for the whole table)."""
    ids = {row.record.revoked_by for row in rows if row.record.revoked_by is not None}
    if not ids:
        return rows
    names = {
        user.id: user.display_name
        for user in db.session.scalars(select(User).where(User.id.in_(ids)))
    }
    return [
        replace(row, revoked_by=names.get(row.record.revoked_by or 0))
        if row.record.is_revoked
        else row
        for row in rows
    ]


def courses(scope: AdminScope) -> list[Context]:
    """Return the courses the administrator sees, by title."""
    query = select(Context).where(scope.covers_course())
    return list(db.session.scalars(query.order_by(Context.title, Context.id)))


def csv_lines(scope: AdminScope, wanted: ReportFilter, base_url: str) -> Iterator[str]:
    """Yield the report as CSV text, a line at a time (every matching row, oldest first)."""
    query = _matching(scope, wanted).order_by(CpdRecord.completed_at)
    yield spreadsheet.csv_line(CSV_HEADER)
    for record, user, course in db.session.execute(query.execution_options(yield_per=500)):
        yield spreadsheet.csv_line(_csv_row(record, user, course, base_url))


def _matching(scope: AdminScope, wanted: ReportFilter) -> Select[CpdRecord, User, Context]:
    query = (
        select(CpdRecord, User, Context)
        .join(User, User.id == CpdRecord.user_id)
        .join(Context, Context.id == CpdRecord.context_id)
        .where(scope.covers_course())
    )
    if wanted.context_id is not None:
        query = query.where(CpdRecord.context_id == wanted.context_id)
    if wanted.learner.strip():
        pattern = f"%{wanted.learner.strip()}%"
        names = (User.name, User.given_name, User.family_name, User.email, User.sub)
        query = query.where(or_(*(column.ilike(pattern) for column in names)))
    if wanted.completed_from is not None:
        query = query.where(CpdRecord.completed_at >= _start_of(wanted.completed_from))
    if wanted.completed_to is not None:
        next_day = wanted.completed_to + timedelta(days=1)
        query = query.where(CpdRecord.completed_at < _start_of(next_day))
    return query


def _hours_of(query: Select[CpdRecord, User, Context]) -> Sequence[_Hours]:
    """Return what totals need of each matching record (``cpd.HoursRecord`` and the month)."""
    columns = (
        CpdRecord.completed_at,
        CpdRecord.kind,
        CpdRecord.hours,
        CpdRecord.revoked_at.is_not(None).label("is_revoked"),
    )
    return db.session.execute(query.with_only_columns(*columns)).all()


def _hours_by_month(hours: Sequence[_Hours]) -> list[Bar]:
    months: dict[str, list[_Hours]] = defaultdict(list)
    for row in hours:
        months[row.completed_at.strftime("%Y-%m")].append(row)
    return [Bar(month, round(cpd.learner_cpd_hours(months[month]), 2)) for month in sorted(months)]


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _csv_row(record: CpdRecord, user: User, course: Context, base_url: str) -> tuple[str, ...]:
    return (
        record.serial,
        record.holder_name or user.display_name,
        user.email or "",
        user.sub,
        course.title or course.lti_context_id,
        record.title,
        record.kind.value,
        f"{record.hours:g}",
        f"{cpd.counted_hours(record):g}",
        record.started_at.date().isoformat(),
        record.completed_at.date().isoformat(),
        record.issued_at.date().isoformat(),
        "revoked" if record.revoked_at else "valid",
        f"{base_url}/verify/{record.serial}",
    )


def revoke(scope: AdminScope, serial: str, reason: str, revoked_by: int) -> CpdRecord:
    """Revoke one of the records the administrator sees, as administrator ``revoked_by``.

    See ``certificates.revoke``.

    Raises:
        NotFound: when no record the administrator sees has the serial.
    """
    query = (
        select(CpdRecord.serial)
        .join(Context, Context.id == CpdRecord.context_id)
        .where(CpdRecord.serial == serial)
        .where(scope.covers_course())
    )
    if db.session.scalar(query) is None:
        raise NotFound("No CPD record you administer has that serial.")
    return certificates.revoke(serial, reason, revoked_by=revoked_by)
