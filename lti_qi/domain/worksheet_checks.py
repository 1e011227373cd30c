"""Checks on a worksheet beyond its form: links to other worksheets and advice on method.

`validate_worksheet` checks one document against its spec. The checks here read what the
learner wrote: whether the PDSA log's links still point at real change ideas and measures,
whether the measures plan is a family of measures, what the SMART checker found in the aim.
Checks that are reliable and that the pack's worksheet guides ask for before sign-off come
back as `Severity.MISSING` (they stop submission); judgements a rule can get wrong come back
as `Severity.NOTE`, for the learner and their mentor to weigh.
"""

from collections.abc import Callable, Mapping
from datetime import date

from lti_qi.domain.aims import ElementStatus, SmartElement, check_aim
from lti_qi.domain.diagrams_fishbone import fishbone_categories
from lti_qi.domain.pareto import pareto_feedback
from lti_qi.domain.worksheet_drivers import driver_diagram_feedback
from lti_qi.domain.worksheet_links import link_problems, pdsa_readiness
from lti_qi.domain.worksheet_measures import family_of_measures_feedback
from lti_qi.domain.worksheet_sustainability import FACTORS, weakest_factors
from lti_qi.domain.worksheet_team import team_feedback
from lti_qi.domain.worksheet_validation import FieldProblem, Severity
from lti_qi.domain.worksheet_values import join_words
from lti_qi.domain.worksheets import WorksheetKind

Documents = Mapping[WorksheetKind, Mapping[str, object]]
_AIM_FIELDS = {
    SmartElement.SPECIFIC: "measure",
    SmartElement.MEASURABLE: "target",
    SmartElement.TIME_BOUND: "target_date",
}


def worksheet_checks(
    kind: WorksheetKind, documents: Documents, *, today: date
) -> list[FieldProblem]:
    """Return what the learner should fix or consider in one worksheet, beyond its form.

    Args:
        kind: The worksheet to check.
        documents: The project's validated worksheets by kind (for links between them).
        today: The date of the check (an aim's date must be after it).
    """
    check = _CHECKS.get(kind)
    return check(documents, today) if check else []


def _notes(messages: list[str], path: str = "") -> list[FieldProblem]:
    return [FieldProblem(path, message, Severity.NOTE) for message in messages]


def _aim(documents: Documents, today: date) -> list[FieldProblem]:
    feedback = check_aim(documents.get(WorksheetKind.AIM_STATEMENT, {}), today=today)
    return [
        FieldProblem(_AIM_FIELDS.get(item.element, ""), item.message, Severity.NOTE)
        for item in feedback.elements
        if item.status in (ElementStatus.MISSING, ElementStatus.UNCLEAR)
    ]


def _team(documents: Documents, today: date) -> list[FieldProblem]:
    return _notes(team_feedback(documents.get(WorksheetKind.TEAM_STAKEHOLDERS, {})))


def _fishbone(documents: Documents, today: date) -> list[FieldProblem]:
    categories = fishbone_categories(documents.get(WorksheetKind.FISHBONE, {}))
    advice = []
    if sum(bool(category.causes) for category in categories) == 1:
        advice.append("All your causes are under one heading: look for causes in the others too.")
    causes = [cause for category in categories for cause in category.causes]
    if causes and not any(cause.is_likely for cause in causes):
        advice.append("Tick the three to five causes the team thinks matter most.")
    return _notes(advice, "categories")


def _driver_diagram(documents: Documents, today: date) -> list[FieldProblem]:
    return _notes(driver_diagram_feedback(documents.get(WorksheetKind.DRIVER_DIAGRAM, {})))


def _pareto(documents: Documents, today: date) -> list[FieldProblem]:
    return _notes(pareto_feedback(documents.get(WorksheetKind.PARETO, {})))


def _measures(documents: Documents, today: date) -> list[FieldProblem]:
    feedback = family_of_measures_feedback(
        documents.get(WorksheetKind.MEASURES_PLAN, {}), documents.get(WorksheetKind.DRIVER_DIAGRAM)
    )
    missing = [FieldProblem("measures", gap, Severity.MISSING) for gap in feedback.gaps]
    return missing + _notes(list(feedback.messages[len(feedback.gaps) :]), "measures")


def _pdsa(documents: Documents, today: date) -> list[FieldProblem]:
    pdsa = documents.get(WorksheetKind.PDSA_LOG, {})
    links = link_problems(
        pdsa,
        documents.get(WorksheetKind.DRIVER_DIAGRAM, {}),
        documents.get(WorksheetKind.MEASURES_PLAN, {}),
    )
    return links + pdsa_readiness(pdsa)


def _sustainability(documents: Documents, today: date) -> list[FieldProblem]:
    plan = documents.get(WorksheetKind.SUSTAINABILITY_PLAN, {})
    actions = plan.get("actions")
    covered = (
        {a.get("factor") for a in actions if isinstance(a, Mapping)}
        if isinstance(actions, list)
        else set()
    )
    weakest = [rating for rating in weakest_factors(plan, 2) if rating.factor.value not in covered]
    if not weakest:
        return []
    names = join_words([f"“{FACTORS[rating.factor].label}”" for rating in weakest])
    return _notes([f"Add an action for your lowest-rated factors: {names}."], "actions")


_CHECKS: dict[WorksheetKind, Callable[[Documents, date], list[FieldProblem]]] = {
    WorksheetKind.AIM_STATEMENT: _aim,
    WorksheetKind.TEAM_STAKEHOLDERS: _team,
    WorksheetKind.FISHBONE: _fishbone,
    WorksheetKind.DRIVER_DIAGRAM: _driver_diagram,
    WorksheetKind.PARETO: _pareto,
    WorksheetKind.MEASURES_PLAN: _measures,
    WorksheetKind.PDSA_LOG: _pdsa,
    WorksheetKind.SUSTAINABILITY_PLAN: _sustainability,
}
