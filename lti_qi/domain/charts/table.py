"""The data-table alternative to a chart: one row per point, with everything a reader needs.

Screen-reader users and anyone printing a report in greyscale read the chart as a table
(WCAG 2.2, 1.1.1 non-text content: a text alternative that serves the same purpose). The HTML
template renders these rows; nothing here knows about HTML.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from lti_qi.domain.charts.data import Label, format_label
from lti_qi.domain.charts.rules import Rule, Signal


class PhaseBounds(Protocol):
    """Where a phase sits: any phase record of a chart result."""

    @property
    def number(self) -> int:
        """Return the 1-based phase number."""

    @property
    def start(self) -> int:
        """Return the index of the phase's first point."""

    @property
    def stop(self) -> int:
        """Return one past the index of its last point."""

    @property
    def baseline_stop(self) -> int:
        """Return one past the last point its centre line comes from."""


@dataclass(frozen=True)
class TableRow:
    """One point of a chart as a table row.

    Attributes:
        number: 1-based point number.
        label: The point's label as text ("3 March 2026"), or "" without one.
        value: The plotted value (a proportion or rate for p and u charts).
        numerator: The count behind a p or u value, else None.
        denominator: The denominator (or area of opportunity) behind it, else None.
        centre: The centre line (median or mean) at this point.
        lower: The lower control limit, or None on a run chart.
        upper: The upper control limit, or None on a run chart.
        phase: 1-based phase number.
        is_baseline: Whether the point helps set the centre line and limits.
        is_excluded: Whether the point was left out of the calculations.
        rules: Rules that flagged this point, in the order they fired.
    """

    number: int
    label: str
    value: float
    numerator: float | None
    denominator: float | None
    centre: float
    lower: float | None
    upper: float | None
    phase: int
    is_baseline: bool
    is_excluded: bool
    rules: tuple[Rule, ...]

    @property
    def signal_text(self) -> str:
        """Return the titles of the rules that flagged the point, or "" ("Shift; Trend")."""
        return "; ".join(rule.info.title for rule in self.rules)


@dataclass(frozen=True)
class ChartColumns:
    """The per-point series of a chart that its table rows are built from."""

    values: Sequence[float]
    labels: Sequence[Label] | None
    centre: Sequence[float]
    lower: Sequence[float | None] | None = None
    upper: Sequence[float | None] | None = None
    numerators: Sequence[float] | None = None
    denominators: Sequence[float] | None = None


def build_rows(
    columns: ChartColumns,
    phases: Sequence[PhaseBounds],
    excluded: Sequence[int],
    signals: Sequence[Signal],
) -> tuple[TableRow, ...]:
    """Return one `TableRow` per point, marking the rules that flagged each point."""
    flagged = _rules_by_point(signals)
    skipped = set(excluded)
    rows = []
    for phase in phases:
        for index in range(phase.start, phase.stop):
            rows.append(_row(columns, index, phase, flagged.get(index, ()), index in skipped))
    return tuple(rows)


def _row(
    columns: ChartColumns, index: int, phase: PhaseBounds, rules: Sequence[Rule], is_excluded: bool
) -> TableRow:
    return TableRow(
        number=index + 1,
        label=format_label(columns.labels[index]) if columns.labels is not None else "",
        value=columns.values[index],
        numerator=columns.numerators[index] if columns.numerators is not None else None,
        denominator=columns.denominators[index] if columns.denominators is not None else None,
        centre=columns.centre[index],
        lower=columns.lower[index] if columns.lower is not None else None,
        upper=columns.upper[index] if columns.upper is not None else None,
        phase=phase.number,
        is_baseline=index < phase.baseline_stop and not is_excluded,
        is_excluded=is_excluded,
        rules=tuple(rules),
    )


def _rules_by_point(signals: Sequence[Signal]) -> dict[int, list[Rule]]:
    flagged: defaultdict[int, list[Rule]] = defaultdict(list)
    for signal in signals:
        if signal.rule.info.marks_points:
            for index in signal.point_indices:
                if signal.rule not in flagged[index]:
                    flagged[index].append(signal.rule)
    return flagged
