"""Anhøj's run rules: an unusually long run, or unusually few crossings of the centre line.

Source: J. Anhøj & A. V. Olesen, "Run charts revisited: a simulation study of run chart rules for
detection of non-random variation in health care processes", PLoS ONE 2014;9(11):e113825, as
applied by the qicharts2 R package (anhoej/qicharts2: vignettes/qicharts2.Rmd and the function
`runs.analysis` in R/helper.functions.R).

With n useful observations (points not on the centre line, not excluded):

* the longest run is unusually long when it is longer than round(log2(n) + 3) (n = 24: 8);
* the crossings are unusually few when fewer than qbinom(0.05, n - 1, 0.5), the 5th percentile of
  Binomial(n - 1, 1/2) (n = 24: 8).

Simulation shows these keep the false-signal rate near 5% whatever the number of points (Anhøj &
Olesen 2014), unlike the IHI trend rule. The vignette says the rules hold from 10 useful
observations, while the qicharts2 code applies them at any size; we follow the vignette and say
so in a note below 10.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from lti_qi.domain.charts.data import Label
from lti_qi.domain.charts.rules import Direction, Rule, Signal, side_word, span_text
from lti_qi.domain.charts.runs import SideRuns

ANHOEJ_MINIMUM = 10
"""Useful observations the Anhøj rules need (qicharts2 vignette)."""


@dataclass(frozen=True)
class RunsAnalysis:
    """Runs and crossings of one phase around its centre line, with the Anhøj limits.

    Field names follow qicharts2's runs analysis. The limits are None when no point is off the
    centre line.

    Attributes:
        n_useful: Points not on the centre line (and not excluded).
        n_above: How many of those are above the line.
        n_runs: Number of runs (crossings + 1).
        longest_run: Points in the longest run.
        longest_run_max: Longest run expected by chance, round(log2(n_useful) + 3).
        n_crossings: Times the line joining neighbouring useful points crosses the centre line.
        n_crossings_min: Fewest crossings expected by chance, qbinom(0.05, n_useful - 1, 0.5).
        longest_run_span: First and last chart index of the (first) longest run.
        longest_run_direction: Whether the longest run is above (up) or below (down).
    """

    n_useful: int
    n_above: int
    n_runs: int
    longest_run: int
    longest_run_max: int | None
    n_crossings: int
    n_crossings_min: int | None
    longest_run_span: tuple[int, int] | None
    longest_run_direction: Direction | None

    @property
    def is_applicable(self) -> bool:
        """Whether there are enough useful points for the Anhøj rules (10)."""
        return self.n_useful >= ANHOEJ_MINIMUM

    @property
    def has_long_run(self) -> bool:
        """Whether the longest run is unusually long."""
        return self.is_applicable and self.longest_run > (self.longest_run_max or 0)

    @property
    def has_few_crossings(self) -> bool:
        """Whether there are unusually few crossings."""
        return self.is_applicable and self.n_crossings < (self.n_crossings_min or 0)

    @property
    def has_signal(self) -> bool:
        """Whether either Anhøj rule signals (qicharts2's runs.signal, from 10 useful points)."""
        return self.has_long_run or self.has_few_crossings


def analyse_runs(runs: SideRuns) -> RunsAnalysis:
    """Count runs and crossings and set the Anhøj limits for them."""
    useful = len(runs.positions)
    longest = runs.longest_run()
    if longest is None:
        return RunsAnalysis(0, 0, 0, 0, None, 0, None, None, None)
    first, last, length, direction = longest
    crossings = runs.n_crossings
    return RunsAnalysis(
        n_useful=useful,
        n_above=runs.n_above,
        n_runs=crossings + 1,
        longest_run=length,
        longest_run_max=longest_run_limit(useful),
        n_crossings=crossings,
        n_crossings_min=crossings_limit(useful),
        longest_run_span=(first, last),
        longest_run_direction=direction,
    )


def longest_run_limit(n_useful: int) -> int:
    """Return the longest run expected by chance: round(log2(n) + 3) (Anhøj)."""
    return round(math.log2(n_useful) + 3)


def crossings_limit(n_useful: int) -> int:
    """Return qbinom(0.05, n - 1, 0.5): fewer crossings than this is unusual (Anhøj).

    R's qbinom returns the smallest x with P(X ≤ x) ≥ p. Up to 1,000 trials the sum is exact
    in integers (math.comb); beyond, the terms are summed in floating point from 6 standard
    deviations below the mean (the tail left out is below 1e-8 of the total), and the exact
    integer sum is used whenever the result is within 1e-6 of the 5% boundary.
    """
    trials = max(n_useful - 1, 0)
    if trials <= 1000:
        return _exact_quantile(trials)
    first = max(0, int(trials / 2 - 3 * math.sqrt(trials)))
    term = math.exp(
        math.lgamma(trials + 1)
        - math.lgamma(first + 1)
        - math.lgamma(trials - first + 1)
        - trials * math.log(2)
    )
    total = 0.0
    for k in range(first, trials + 1):
        total += term
        if total >= 0.05:
            return (
                k
                if total - term < 0.05 - 1e-6 and total > 0.05 + 1e-6
                else (_exact_quantile(trials))
            )
        term *= (trials - k) / (k + 1)
    return trials


def _exact_quantile(trials: int) -> int:
    whole, term, total = 1 << trials, 1, 0
    for k in range(trials + 1):
        total += term
        if 20 * total >= whole:
            return k
        term = term * (trials - k) // (k + 1)
    return trials


def anhoej_signals(
    side_runs: SideRuns,
    runs: RunsAnalysis,
    context: tuple[Sequence[Label] | None, int, str],
    line: str,
) -> tuple[list[Signal], list[str]]:
    """Return the Anhøj signals of one phase, or a note when there are too few points.

    Every run longer than the limit is a signal of its own, not only the longest: the run after
    a change is usually the one the team cares about.

    Args:
        side_runs: The phase's runs around its centre line.
        runs: The phase's runs analysis.
        context: Point labels (or None), the 1-based phase number, and the message prefix
            ("Phase 2: " on charts with several phases, else "").
        line: What the centre line is called ("the median", "the centre line").
    """
    labels, phase, prefix = context
    if not runs.is_applicable:
        return [], [
            f"{prefix}The Anhøj rules need at least {ANHOEJ_MINIMUM} points not on "
            f"{line}; there are {runs.n_useful}."
        ]
    signals = []
    if runs.has_long_run and runs.longest_run_max is not None:
        for first, last, length, direction in side_runs.long_runs(runs.longest_run_max + 1):
            where = span_text(labels, first, last)
            message = _long_run_message(runs, (length, direction), where, (prefix, line))
            members = side_runs.members(first, last)
            signals.append(Signal(Rule.LONGEST_RUN, members, direction, message, phase))
    if runs.has_few_crossings:
        message = (
            f"{prefix}The data cross {line} only {runs.n_crossings} times in "
            f"{runs.n_useful} points not on it, where at least {runs.n_crossings_min} "
            "are expected by chance: evidence of a non-random change (Anhøj rule)."
        )
        signals.append(Signal(Rule.FEW_CROSSINGS, tuple(side_runs.positions), None, message, phase))
    return signals, []


def _long_run_message(
    runs: RunsAnalysis, run: tuple[int, Direction], where: str, wording: tuple[str, str]
) -> str:
    length, direction = run
    prefix, line = wording
    return (
        f"{prefix}{length} points in a row {side_word(direction)} {line}{where}: longer than the "
        f"{runs.longest_run_max} expected by chance with {runs.n_useful} points not on {line}, "
        "evidence of a shift (Anhøj rule)."
    )
