"""Checks on a worksheet beyond its form: links to other worksheets and advice on method.

`validate_worksheet` checks one document against its spec. The checks here read what the
learner wrote: whether the PDSA log's links still point at real change ideas and measures,
whether the measures plan is a family of measures, what the SMART checker found in the aim.
Checks that are reliable and that the pack's worksheet guides ask for before sign-off come
back as `Severity.MISSING` (they stop submission); judgements a rule can get wrong come back
as `Severity.NOTE`, for the learner and their mentor to weigh. Each function checks one
kind and is named for it; `registry` records which kind it checks.
"""

from collections.abc import Mapping
from datetime import date

from lti_qi.domain.values import join_words
from lti_qi.domain.worksheets.aims import ElementStatus, SmartElement, check_aim
from lti_qi.domain.worksheets.diagrams_fishbone import fishbone_categories
from lti_qi.domain.worksheets.drivers import driver_diagram_feedback
from lti_qi.domain.worksheets.links import link_problems, pdsa_readiness
from lti_qi.domain.worksheets.measures import family_of_measures_feedback
from lti_qi.domain.worksheets.pareto import pareto_feedback
from lti_qi.domain.worksheets.problems import FieldProblem, Severity
from lti_qi.domain.worksheets.schema import Documents, WorksheetKind
from lti_qi.domain.worksheets.sustainability import FACTORS, weakest_factors
from lti_qi.domain.worksheets.team import team_feedback

_AIM_FIELDS = {
    SmartElement.SPECIFIC: "measure",
    SmartElement.MEASURABLE: "target",
    SmartElement.TIME_BOUND: "target_date",
}


def _notes(messages: list[str], path: str = "") -> list[FieldProblem]:
    return [FieldProblem(path, message, Severity.NOTE) for message in messages]


def aim(documents: Documents, today: date) -> list[FieldProblem]:
    """Return the SMART checker's gaps in the aim statement, by the field they concern."""
    feedback = check_aim(documents.get(WorksheetKind.AIM_STATEMENT, {}), today=today)
    return [
        FieldProblem(_AIM_FIELDS.get(item.element, ""), item.message, Severity.NOTE)
        for item in feedback.elements
        if item.status in (ElementStatus.MISSING, ElementStatus.UNCLEAR)
    ]


def team(documents: Documents, today: date) -> list[FieldProblem]:
    """Return advice on the team and stakeholders worksheet."""
    return _notes(team_feedback(documents.get(WorksheetKind.TEAM_STAKEHOLDERS, {})))


def fishbone(documents: Documents, today: date) -> list[FieldProblem]:
    """Return advice on how the fishbone's causes are spread and chosen."""
    categories = fishbone_categories(documents.get(WorksheetKind.FISHBONE, {}))
    advice = []
    if sum(bool(category.causes) for category in categories) == 1:
        advice.append("All your causes are under one heading: look for causes in the others too.")
    causes = [cause for category in categories for cause in category.causes]
    if causes and not any(cause.is_likely for cause in causes):
        advice.append("Tick the three to five causes the team thinks matter most.")
    return _notes(advice, "categories")


def driver_diagram(documents: Documents, today: date) -> list[FieldProblem]:
    """Return advice on the driver diagram's shape."""
    return _notes(driver_diagram_feedback(documents.get(WorksheetKind.DRIVER_DIAGRAM, {})))


def pareto(documents: Documents, today: date) -> list[FieldProblem]:
    """Return advice on the Pareto worksheet's data."""
    return _notes(pareto_feedback(documents.get(WorksheetKind.PARETO, {})))


def measures(documents: Documents, today: date) -> list[FieldProblem]:
    """Return the family-of-measures gaps (which stop submission) and advice."""
    feedback = family_of_measures_feedback(
        documents.get(WorksheetKind.MEASURES_PLAN, {}), documents.get(WorksheetKind.DRIVER_DIAGRAM)
    )
    missing = [FieldProblem("measures", gap, Severity.MISSING) for gap in feedback.gaps]
    return missing + _notes(list(feedback.messages[len(feedback.gaps) :]), "measures")


def pdsa(documents: Documents, today: date) -> list[FieldProblem]:
    """Return broken links to ideas and measures, and cycles not ready to sign off."""
    pdsa = documents.get(WorksheetKind.PDSA_LOG, {})
    links = link_problems(
        pdsa,
        documents.get(WorksheetKind.DRIVER_DIAGRAM, {}),
        documents.get(WorksheetKind.MEASURES_PLAN, {}),
    )
    return links + pdsa_readiness(pdsa)


def sustainability(documents: Documents, today: date) -> list[FieldProblem]:
    """Return advice to act on the lowest-rated sustainability factors."""
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
