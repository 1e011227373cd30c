"""Checking control-chart inputs: measurements, counts, proportions and rates.

The checks every chart shares (numbers, labels, phases) are in `data` and `phases`;
this module adds what a control chart's statistics need: counts are whole numbers of zero or
more (c, u and p charts model counts of events), denominators are above zero (a rate or
proportion needs something to divide by; Montgomery, Introduction to Statistical Quality Control,
ch. 7), and a p chart's numerator cannot exceed its denominator.
"""

import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lti_qi.domain.charts import data as chartdata
from lti_qi.domain.charts import phases as chart_phases
from lti_qi.domain.charts.data import DataProblem, Label, RawNumber
from lti_qi.domain.charts.phases import PhaseSpan


@dataclass(frozen=True)
class Setup:
    """The labels and phase settings a chart was given (see `phases`)."""

    labels: Sequence[Label] | None
    freeze: int | None
    phase_starts: Iterable[int]
    exclude: Iterable[int]


def parse_measurements(values: Sequence[RawNumber]) -> tuple[list[float], list[DataProblem]]:
    """Read measurements: any finite numbers."""
    return chartdata.parse_values(values)


def parse_counts(counts: Sequence[RawNumber]) -> tuple[list[float], list[DataProblem]]:
    """Read counts of events: whole numbers of zero or more."""
    events, problems, is_whole = chartdata.read_numbers(counts, what="count")
    return events, problems or chartdata.check_counts(events, is_known_whole=is_whole)


def parse_proportions(
    numerators: Sequence[RawNumber], denominators: Sequence[RawNumber]
) -> tuple[list[float], list[float], list[DataProblem]]:
    """Read a p chart's numerators and denominators, checking each pair."""
    counts, problems, are_counts_whole = chartdata.read_numbers(numerators, what="numerator")
    totals, more, are_totals_whole = chartdata.read_numbers(denominators, what="denominator")
    problems += more + chartdata.check_same_length(counts, totals, ("numerators", "denominators"))
    if problems:
        return counts, totals, problems
    problems = chartdata.check_counts(counts, what="numerator", is_known_whole=are_counts_whole)
    problems += chartdata.check_denominators(totals, is_whole=True, is_known_whole=are_totals_whole)
    if not any(map(operator.gt, counts, totals)):
        return counts, totals, problems
    problems += [
        DataProblem(
            position,
            f"Point {position + 1}: numerator {count:g} is more than its denominator {total:g}; "
            "a proportion cannot be more than 1 (100%).",
        )
        for position, (count, total) in enumerate(zip(counts, totals, strict=True))
        if count > total
    ]
    return counts, totals, problems


def parse_rates(
    counts: Sequence[RawNumber], exposures: Sequence[RawNumber]
) -> tuple[list[float], list[float], list[DataProblem]]:
    """Read a u chart's counts and areas of opportunity."""
    events, problems, is_whole = chartdata.read_numbers(counts, what="count")
    areas, more = chartdata.parse_values(exposures, what="area of opportunity")
    problems += more + chartdata.check_same_length(
        events, areas, ("counts", "areas of opportunity")
    )
    if problems:
        return events, areas, problems
    problems = chartdata.check_counts(events, is_known_whole=is_whole)
    problems += chartdata.check_denominators(areas, what="area of opportunity")
    return events, areas, problems


def plan(
    count: int, setup: Setup, problems: list[DataProblem], minimum: int, reason: str
) -> tuple[tuple[PhaseSpan, ...], tuple[Label, ...] | None]:
    """Check labels and phase settings, then raise every problem found so far, if any.

    Args:
        count: Number of points.
        setup: Labels and phase settings.
        problems: Problems already found in the values.
        minimum: Baseline points each phase needs.
        reason: Why, as a clause ("to compute a moving range").

    Returns:
        The phases and the parsed labels.

    Raises:
        ChartDataError: When there is any problem.
    """
    labels, label_problems = chartdata.parse_labels(setup.labels, count)
    phases, phase_problems = chart_phases.plan_phases(
        count, phase_starts=setup.phase_starts, freeze=setup.freeze, exclude=setup.exclude
    )
    problems = problems + label_problems + phase_problems
    problems += chart_phases.baseline_problems(phases, minimum, reason)
    chartdata.raise_if_any(problems)
    return phases, labels


def ratios(numerators: Sequence[float], denominators: Sequence[float]) -> list[float]:
    """Return numerator / denominator for each point (denominators already checked)."""
    return list(map(operator.truediv, numerators, denominators))
