"""Links between worksheets: PDSA cycles name a change idea, a measure and the cycle before.

A cycle names its change idea by the id the driver diagram gave it (``"C3"``), or instead
states the theory about the problem it tests in its own words (it needs one of the two); its
main measure by name from the measures plan (case and spacing aside); and the cycle it follows
on from by that cycle's id (``"PDSA2"``). Worksheets are edited separately, so a link can go
stale: an idea deleted from the driver diagram, a measure renamed. `link_problems` finds
those; `pdsa_readiness` checks the log has the two complete, linked cycles the pack asks for
before sign-off (``pages/pdsa/pdsa-worksheet-guide.md``).
"""

from collections.abc import Mapping

from lti_qi.domain.values import shorten
from lti_qi.domain.worksheets.drivers import change_ideas
from lti_qi.domain.worksheets.measures import measure_name_key, planned_measures
from lti_qi.domain.worksheets.problems import FieldProblem, Severity

_COMPLETE = ("do", "study", "act")


def pdsa_cycles(pdsa: Mapping[str, object]) -> list[Mapping[str, object]]:
    """Return the cycles of a PDSA log, in order."""
    entries = pdsa.get("cycles")
    return [c for c in entries if isinstance(c, Mapping)] if isinstance(entries, list) else []


def link_problems(
    pdsa: Mapping[str, object],
    driver_diagram: Mapping[str, object],
    measures_plan: Mapping[str, object],
) -> list[FieldProblem]:
    """Return each link in a PDSA log to a change idea, measure or cycle that does not exist.

    Problems stop submission, not saving: the other worksheet may be mid-edit.
    """
    ideas = {idea.id for idea in change_ideas(driver_diagram)}
    names = {measure_name_key(str(m["name"])) for m in planned_measures(measures_plan)}
    ids = [str(cycle.get("id", "")) for cycle in pdsa_cycles(pdsa)]
    problems = []
    for index, cycle in enumerate(pdsa_cycles(pdsa)):
        where = f"Cycle {index + 1} (“{shorten(str(cycle.get('title', '')), 50)}”)"
        idea, measure = cycle.get("change_idea"), cycle.get("measure")
        previous = cycle.get("previous_cycle")
        if isinstance(idea, str) and idea not in ideas:
            problems.append(_problem(index, "change_idea", _NO_IDEA.format(where, idea)))
        if not idea and not cycle.get("theory"):
            problems.append(_problem(index, "change_idea", _NOTHING_TESTED.format(where)))
        if isinstance(measure, str) and measure_name_key(measure) not in names:
            message = _NO_MEASURE.format(where, shorten(measure, 60))
            problems.append(_problem(index, "measure", message))
        if isinstance(previous, str) and previous not in ids[:index]:
            problems.append(_problem(index, "previous_cycle", _NO_CYCLE.format(where, previous)))
    return problems


_NO_IDEA = (
    "{} tests change idea “{}”, which is not on your driver diagram. Choose one of your change "
    "ideas, or add it to the driver diagram first."
)
_NOTHING_TESTED = (
    "{} tests neither a change idea nor a theory: choose the change idea it tests, or write "
    "the theory about the problem it tests."
)
_NO_MEASURE = (
    "{} uses the measure “{}”, which is not in your measures plan. Choose one of your "
    "measures, or add it to the plan first."
)
_NO_CYCLE = (
    "{} follows on from “{}”, which is not an earlier cycle in this log. Choose the cycle "
    "whose “Act” led to this one."
)


def _problem(index: int, key: str, message: str) -> FieldProblem:
    return FieldProblem(f"cycles[{index}].{key}", message, Severity.MISSING)


def is_complete(cycle: Mapping[str, object]) -> bool:
    """Return whether a cycle has been done, studied and acted on."""
    return all(cycle.get(key) for key in _COMPLETE)


def _tested(cycle: Mapping[str, object]) -> object:
    """Return what a cycle tests: its change idea, or else its theory about the problem."""
    return cycle.get("change_idea") or cycle.get("theory")


def pdsa_readiness(pdsa: Mapping[str, object]) -> list[FieldProblem]:
    """Return what stops a PDSA log being submitted beyond its required fields.

    The pack asks for at least two complete cycles for one change idea (or one theory about the
    problem), the later following on from the earlier.
    """
    complete = {str(c.get("id")): c for c in pdsa_cycles(pdsa) if is_complete(c)}
    linked = any(
        cycle.get("previous_cycle") in complete
        and _tested(complete[str(cycle.get("previous_cycle"))]) == _tested(cycle)
        for cycle in complete.values()
    )
    if linked:
        return []
    message = (
        "Before you submit, complete at least two linked cycles for one change idea (or one "
        "theory about the problem): each "
        "needs “Do”, “Study” and a decision under “Act”, and the second should follow on from "
        "the first (set “Follows on from”)."
    )
    return [FieldProblem("cycles", message, Severity.MISSING)]
