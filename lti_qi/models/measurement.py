"""A project's data for each measure in its measures plan, and every saved version of it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lti_qi.models.base import Base, utc_now


class MeasureSeries(Base):
    """The data points of one measure of a project, and how to chart them."""

    __tablename__ = "measure_series"
    __table_args__ = (UniqueConstraint("project_id", "measure_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    measure_key: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(300))
    data_kind: Mapped[str] = mapped_column(String(32), default="measurement")
    chart: Mapped[str] = mapped_column(String(16), default="run")
    rules: Mapped[str] = mapped_column(String(16), default="ihi")
    unit: Mapped[str] = mapped_column(String(100), default="")
    freeze: Mapped[int | None] = mapped_column(Integer)
    phase_starts: Mapped[list[int]] = mapped_column(JSON, default=list)
    points: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)

    def __repr__(self) -> str:
        return f"<MeasureSeries project={self.project_id} {self.name!r} v{self.version}>"


class MeasureRevision(Base):
    """A saved version of a measure's data and settings, with who saved it."""

    __tablename__ = "measure_revisions"
    __table_args__ = (UniqueConstraint("series_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("measure_series.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, object]] = mapped_column(JSON)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[datetime] = mapped_column(default=utc_now)

    def __repr__(self) -> str:
        return f"<MeasureRevision series={self.series_id} v{self.version}>"
