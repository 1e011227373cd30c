"""Phases, frozen baselines and excluded points: which points a centre line comes from.

A QI team changes its process and then asks whether the change held. Three settings express
that, with the semantics of qicharts2's `qic(freeze =, part =, exclude =)` (anhoej/qicharts2:
R/qic.R and R/helper.functions.R, `qic.agg`), but with 0-based indices:

* `freeze = k`: the centre line (and limits) of the first phase come from its first k points
  only; the later points of that phase are plotted and tested against those frozen lines. This
  is how a baseline is kept while new data arrive.
* `phase_starts = (i, j, ...)`: a new phase begins at point i, another at j. Each phase gets its
  own centre line, limits and rule analysis: rules never look across a phase break. Start a new
  phase only once a change is shown to hold (a signal on the frozen baseline).
* `exclude = (a, b, ...)`: points with a known, explained special cause are left out of the
  centre line, the limits and the sequence rules, but are still plotted and tested against the
  limits.

`freeze` applies to the first phase only, as in qicharts2, where a frozen baseline past the first
phase break would leave later phases without a centre line.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from lti_qi.domain.charts.data import DataProblem


@dataclass(frozen=True)
class PhaseSpan:
    """Where one phase sits in the series and which of its points set its centre line.

    Attributes:
        number: 1-based phase number.
        start: 0-based index of the phase's first point.
        stop: One past the index of its last point.
        baseline_stop: One past the last point the centre line and limits come from.
        included: Indices in the phase that are not excluded (used by the sequence rules).
        baseline: Indices in the baseline that are not excluded (used for the centre line).
    """

    number: int
    start: int
    stop: int
    baseline_stop: int
    included: Sequence[int]
    baseline: Sequence[int]

    @property
    def is_frozen(self) -> bool:
        """Whether the centre line comes from fewer points than the phase holds."""
        return self.baseline_stop < self.stop


def plan_phases(
    count: int,
    *,
    phase_starts: Iterable[int] = (),
    freeze: int | None = None,
    exclude: Iterable[int] = (),
) -> tuple[tuple[PhaseSpan, ...], list[DataProblem]]:
    """Split `count` points into phases, checking the settings against the series.

    Args:
        count: Number of points in the series.
        phase_starts: 0-based indices where a new phase begins, increasing.
        freeze: Number of points of the first phase that set its centre line, or None for all.
        exclude: 0-based indices left out of centre lines, limits and sequence rules.

    Returns:
        The phases in order (empty if there are problems) and the problems found.
    """
    starts, excluded = list(phase_starts), set(exclude)
    problems = _start_problems(starts, count) + index_problems(excluded, count, "excluded")
    first_length = (starts[0] if starts else count) if not problems else count
    if freeze is not None and not 1 <= freeze <= first_length:
        problems.append(
            DataProblem(
                None,
                (
                    f"Freeze {freeze} must be between 1 and {first_length}, the number of points "
                    "in the first phase: the baseline is the first points of the first phase."
                ),
            )
        )
    if count == 0:
        problems.append(DataProblem(None, "There are no points to chart."))
    if problems:
        return (), problems
    bounds = [0, *starts, count]
    phases = tuple(
        _span(number, start, stop, excluded, freeze if number == 1 else None)
        for number, (start, stop) in enumerate(pairwise(bounds), 1)
    )
    return phases, []


def rebuild_span(
    number: int, start: int, stop: int, baseline_stop: int, excluded: Iterable[int]
) -> PhaseSpan:
    """Return the `PhaseSpan` of a phase recorded in a chart result."""
    return _span(number, start, stop, set(excluded), baseline_stop - start)


def _span(number: int, start: int, stop: int, excluded: set[int], freeze: int | None) -> PhaseSpan:
    baseline_stop = stop if freeze is None else start + freeze
    excluded = {index for index in excluded if start <= index < stop}
    if excluded:
        included: Sequence[int] = tuple(i for i in range(start, stop) if i not in excluded)
        baseline: Sequence[int] = tuple(i for i in included if i < baseline_stop)
    else:
        included, baseline = range(start, stop), range(start, baseline_stop)
    return PhaseSpan(number, start, stop, baseline_stop, included, baseline)


def _start_problems(starts: list[int], count: int) -> list[DataProblem]:
    problems = []
    for earlier, start in zip([0, *starts], starts, strict=False):
        if not 0 < start < count:
            problems.append(
                DataProblem(
                    None,
                    (
                        f"A phase cannot start at point {start + 1}: new phases start between "
                        f"point 2 and point {count}."
                    ),
                )
            )
        elif start <= earlier:
            problems.append(
                DataProblem(
                    start,
                    (
                        f"Phase starts must be in increasing order; point {start + 1} comes after "
                        f"point {earlier + 1}."
                    ),
                )
            )
    return problems


def index_problems(indices: Iterable[int], count: int, what: str) -> list[DataProblem]:
    """Return a problem for each index that does not name a point of the series."""
    return [
        DataProblem(
            None, f"There is no point {index + 1} to be {what}: the chart has {count} points."
        )
        for index in sorted(indices)
        if not 0 <= index < count
    ]


def baseline_problems(phases: Sequence[PhaseSpan], minimum: int, reason: str) -> list[DataProblem]:
    """Return a problem for each phase whose baseline has fewer than `minimum` usable points.

    Args:
        phases: The planned phases.
        minimum: Points needed to compute a centre line (and limits).
        reason: Why that many are needed, as a clause ("to compute a moving range").
    """
    return [
        DataProblem(
            phase.start,
            (
                f"Phase {phase.number} needs at least {minimum} points (not excluded) in its "
                f"baseline {reason}; it has {len(phase.baseline)}."
            ),
        )
        for phase in phases
        if len(phase.baseline) < minimum
    ]


def pick(values: Sequence[float], indices: Sequence[int]) -> list[float]:
    """Return the values at `indices` (a slice when the indices are a range)."""
    if isinstance(indices, range) and indices.step == 1:
        part = values[indices.start : indices.stop]
        return part if isinstance(part, list) else list(part)  # a list's slice is a new list
    return [values[index] for index in indices]


def excluded_indices(phases: Sequence[PhaseSpan]) -> tuple[int, ...]:
    """Return the indices left out of every phase's calculations, in order."""
    return tuple(
        index
        for phase in phases
        if len(phase.included) < phase.stop - phase.start
        for index in sorted(set(range(phase.start, phase.stop)) - set(phase.included))
    )


def phase_of(phases: Sequence[PhaseSpan], position: int) -> PhaseSpan:
    """Return the phase holding the point at `position`."""
    for phase in phases:
        if phase.start <= position < phase.stop:
            return phase
    raise IndexError(position)
