"""The family of measures: does the measures plan have each kind of measure it needs?

A family of measures has at least one *outcome* measure (are we reaching the aim?), a
*process* measure for each change idea being tested (is the change happening?) and at least
one *balancing* measure (is anything getting worse elsewhere?) (qi.md 2.3; the pack's
``pages/measures/family-of-measures.md``). Three to six measures is usually enough.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lti_qi.domain.values import shorten
from lti_qi.domain.worksheets.drivers import change_ideas

MOST_MEASURES = 6
"""Above this, the plan gets a note that collecting so much may be hard to keep going."""
FAMILY_ORDER = ("outcome", "process", "balancing")
"""How measures are listed: the outcome (the aim) first, then process, then balancing."""


@dataclass(frozen=True)
class FamilyFeedback:
    """Which kinds of measure a plan has, and what to add or change, in words."""

    has_outcome: bool
    has_process: bool
    has_balancing: bool
    messages: tuple[str, ...]
    """Everything to add or change: first the kinds of measure missing, then other advice."""

    @property
    def is_complete(self) -> bool:
        """Return whether the plan has all three kinds of measure."""
        return self.has_outcome and self.has_process and self.has_balancing

    @property
    def gaps(self) -> tuple[str, ...]:
        """Return the messages about kinds of measure that are missing."""
        missing = (self.has_outcome, self.has_process, self.has_balancing).count(False)
        return self.messages[:missing]


def planned_measures(plan: Mapping[str, object]) -> list[Mapping[str, object]]:
    """Return the named measures of a measures plan, in order."""
    entries = plan.get("measures")
    rows = entries if isinstance(entries, list) else []
    return [m for m in rows if isinstance(m, Mapping) and isinstance(m.get("name"), str)]


def measure_name_key(name: str) -> str:
    """Return a measure name as compared for links: case and spacing do not matter."""
    return " ".join(name.casefold().split())


def family_order(plan: Mapping[str, object]) -> Callable[[str], tuple[int, str]]:
    """Return a sort key for measure names: by type (see ``FAMILY_ORDER``), then by name.

    Measures the plan does not name (or gives no type) come last.
    """
    types = {measure_name_key(str(m["name"])): m.get("type") for m in planned_measures(plan)}

    def key(name: str) -> tuple[int, str]:
        kind = types.get(measure_name_key(name))
        rank = FAMILY_ORDER.index(kind) if kind in FAMILY_ORDER else len(FAMILY_ORDER)
        return rank, name.casefold()

    return key


def family_of_measures_feedback(
    plan: Mapping[str, object], driver_diagram: Mapping[str, object] | None = None
) -> FamilyFeedback:
    """Say what a measures plan is missing from a family of measures, in plain words.

    Args:
        plan: A validated measures plan.
        driver_diagram: The project's driver diagram, if there is one: process measures are
            compared with the change ideas chosen for the first tests.
    """
    kinds = [m.get("type") for m in planned_measures(plan)]
    has = {kind: kind in kinds for kind in ("outcome", "process", "balancing")}
    messages = [_MISSING[kind] for kind, present in has.items() if not present]
    messages += _size_and_names(plan)
    if driver_diagram is not None:
        messages += _process_for_first_tests(kinds.count("process"), driver_diagram)
    return FamilyFeedback(has["outcome"], has["process"], has["balancing"], tuple(messages))


_MISSING = {
    "outcome": (
        "Add an outcome measure: the one that shows whether you are reaching your aim. It "
        "usually matches the measure in your aim statement."
    ),
    "process": (
        "Add a process measure for each change idea you are about to test, to show whether the "
        "change is really happening."
    ),
    "balancing": (
        "Add a balancing measure, to check that the change is not making something else worse, "
        "such as staff time or delays elsewhere."
    ),
}


def _size_and_names(plan: Mapping[str, object]) -> list[str]:
    names = [str(m["name"]) for m in planned_measures(plan)]
    messages = []
    if len(names) > MOST_MEASURES:
        messages.append(
            f"You have {len(names)} measures. Three to six is usually enough: more can be hard "
            "to keep collecting every week."
        )
    seen: set[str] = set()
    for name in names:
        if measure_name_key(name) in seen:
            messages.append(
                f"More than one measure is called “{shorten(name, 60)}”: give each its own name "
                "so PDSA cycles and charts can tell them apart."
            )
        seen.add(measure_name_key(name))
    return messages


def _process_for_first_tests(process_count: int, driver_diagram: Mapping[str, object]) -> list[str]:
    first = [idea for idea in change_ideas(driver_diagram) if idea.is_first_test]
    if process_count == 0 or len(first) <= process_count:
        return []
    have = "1 process measure" if process_count == 1 else f"{process_count} process measures"
    return [
        f"You plan to test {len(first)} change ideas first but have {have}: add one for each "
        "idea, so you can see whether each change is happening."
    ]
