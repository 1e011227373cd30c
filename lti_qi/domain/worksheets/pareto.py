"""Pareto analysis: which few categories make up most of a problem.

A Pareto chart sorts categories by how often (or how much) they happen, largest first, with a
line showing the cumulative percentage. Juran's 80/20 principle, named after Pareto, suggests
that a "vital few" categories make up most of the total (qi.md 2.3). Here a category is one of
the vital few when the categories before it make up less than 80% of the total, so the vital
few are the categories up to and including the one that takes the line past 80%. Categories
tied with the last of them count too (equal counts deserve equal attention), a category with a
count of zero never does, and nor does "Other", which is kept at the end of the chart because
it is not one cause but several.

The Pareto worksheet's spec is in `specs_pareto`; `diagrams_pareto` draws the chart.
"""

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from lti_qi.domain.values import format_date, join_words

VITAL_FEW_THRESHOLD = 80.0
"""The cumulative percentage that the vital few reach (Juran's 80/20)."""

_OTHER = re.compile(r"others?(?:\s*\(.*\)|\s+(?:reasons?|causes?))?", re.IGNORECASE)


@dataclass(frozen=True)
class ParetoRow:
    """One category of a Pareto table, in chart order.

    Attributes:
        rank: Position on the chart, from 1 (tallest bar).
        category: The category's name.
        count: How often (or how much) it happened.
        percent: Its share of the total, 0 to 100.
        cumulative_percent: Its share together with every category before it.
        is_vital_few: Whether it is one of the few categories that make up most of the total.
    """

    rank: int
    category: str
    count: float
    percent: float
    cumulative_percent: float
    is_vital_few: bool


def is_other(category: str) -> bool:
    """Return whether a category is a catch-all "Other" (``"Others"``, ``"Other (specify)"``)."""
    return _OTHER.fullmatch(category.strip()) is not None


def pareto_table(
    categories: Sequence[tuple[str, float]], *, threshold: float = VITAL_FEW_THRESHOLD
) -> list[ParetoRow]:
    """Return the categories sorted for a Pareto chart, with percentages and the vital few.

    Categories are sorted by count, largest first; equal counts keep the order given, and
    "Other" goes last. With a total of zero every percentage is zero.

    Args:
        categories: ``(name, count)`` pairs, such as from `pareto_categories`.
        threshold: The cumulative percentage that the vital few reach.

    Raises:
        ValueError: When a count is negative or not a finite number.
    """
    for name, count in categories:
        if not math.isfinite(count) or count < 0:
            raise ValueError(f"The count for {name!r} must be zero or more, not {count!r}.")
    ordered = sorted(categories, key=lambda pair: (is_other(pair[0]), -pair[1]))
    total = sum(count for _, count in ordered)
    rows: list[ParetoRow] = []
    running = 0.0
    for rank, (name, count) in enumerate(ordered, start=1):
        before, running = running, running + count
        share = 100 * count / total if total else 0.0
        cumulative = min(100.0, 100 * running / total) if total else 0.0
        if total and rank == len(ordered):
            cumulative = 100.0
        vital = count > 0 and 100 * before / total < threshold and not is_other(name)
        rows.append(ParetoRow(rank, name, count, share, cumulative, vital))
    return _with_ties(rows)


def _with_ties(rows: list[ParetoRow]) -> list[ParetoRow]:
    vital_counts = [row.count for row in rows if row.is_vital_few]
    if not vital_counts:
        return rows
    smallest = min(vital_counts)
    return [
        ParetoRow(r.rank, r.category, r.count, r.percent, r.cumulative_percent, True)
        if r.count == smallest and not is_other(r.category)
        else r
        for r in rows
    ]


def pareto_categories(document: Mapping[str, object]) -> list[tuple[str, float]]:
    """Return the ``(name, count)`` pairs of a Pareto worksheet, skipping unfinished entries."""
    entries = document.get("categories")
    if not isinstance(entries, list):
        return []
    return [
        (entry["name"], float(entry["count"]))
        for entry in entries
        if isinstance(entry, Mapping)
        and isinstance(entry.get("name"), str)
        and _is_count(entry.get("count"))
    ]


def _is_count(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    )


def summarise_pareto(rows: Sequence[ParetoRow]) -> str:
    """Return what a Pareto table shows, in a sentence or two a learner can read."""
    total = sum(row.count for row in rows)
    if not rows or total == 0:
        return "There are no counts yet, so there is nothing to compare."
    vital = [row for row in rows if row.is_vital_few]
    if not vital:
        return "Everything counted so far is under “Other”: split it into clearer categories."
    names = join_words([f"“{row.category}”" for row in vital])
    share = sum(row.percent for row in vital)
    sentence = (
        f"{len(vital)} of the {len(rows)} categories ({names}) "
        f"{'makes' if len(vital) == 1 else 'make'} up {share:.0f}% "
        f"of the total of {total:g}."
    )
    other = next((row for row in rows if is_other(row.category)), None)
    if other is not None and other.count > min(row.count for row in vital):
        sentence += (
            f" “{other.category}” ({other.percent:.0f}%) is bigger than one of these: "
            "look at what went into it and split it into clearer categories."
        )
    return sentence


def pareto_feedback(document: Mapping[str, object]) -> list[str]:
    """Return checks on a Pareto worksheet that a form cannot make: totals and dates."""
    messages = []
    counted = sum(count for _, count in pareto_categories(document))
    recorded = document.get("total_events")
    main_only = document.get("counting_rule") == "main_reason"
    if main_only and isinstance(recorded, int) and recorded != counted:
        messages.append(
            f"Your counts add up to {counted:g}, but you recorded {recorded} events. Each event "
            "is counted once, so these should match: check the tally for gaps or double counts."
        )
    start, end = _date(document.get("start_date")), _date(document.get("end_date"))
    if start and end and end < start:
        messages.append(
            f"The tally ends ({format_date(end)}) before it starts ({format_date(start)}). "
            "Check the two dates."
        )
    return messages


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
