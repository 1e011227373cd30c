"""The sustainability plan: the NHS Sustainability Model's ten factors, rated, with actions.

The NHS Institute's Sustainability Model (Maher, Gustafson and Evans) has ten factors in three
domains: process, staff and organisation (qi.md 2.8; ``pages/sustain/sustainability-model.md``).
Its own scoring sheet weights each factor's levels differently; here the team rates each factor
from 1 (very weak) to 5 (very strong) instead, which keeps the conversation the model is for
(where do we disagree, what is weakest, what will we do?) without claiming the model's scores.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from lti_qi.domain.worksheets.schema import (
    FieldSpec,
    FieldType,
    SectionSpec,
    WorksheetKind,
    WorksheetSpec,
    choice,
    date_field,
    long_text,
    text,
)


class SustainabilityDomain(StrEnum):
    """The model's three groups of factors."""

    PROCESS = "process"
    STAFF = "staff"
    ORGANISATION = "organisation"


class SustainabilityFactor(StrEnum):
    """One of the model's ten factors; `FACTORS` holds its domain, name and question."""

    BENEFITS = "benefits"
    CREDIBILITY = "credibility"
    ADAPTABILITY = "adaptability"
    MONITORING = "monitoring"
    INVOLVEMENT = "involvement"
    BEHAVIOURS = "behaviours"
    SENIOR_LEADERS = "senior_leaders"
    CLINICAL_LEADERS = "clinical_leaders"
    FIT = "fit"
    INFRASTRUCTURE = "infrastructure"


@dataclass(frozen=True)
class FactorInfo:
    """What a factor is called, which domain it sits in, and the question it asks the team."""

    domain: SustainabilityDomain
    label: str
    question: str


_P, _S, _O = SustainabilityDomain
FACTORS: dict[SustainabilityFactor, FactorInfo] = {
    SustainabilityFactor.BENEFITS: FactorInfo(
        _P,
        "Benefits beyond helping patients",
        "Does the change also make work easier, save time or reduce waste?",
    ),
    SustainabilityFactor.CREDIBILITY: FactorInfo(
        _P,
        "Credibility of the evidence",
        "Can staff see clear evidence that it works, from your data and from elsewhere?",
    ),
    SustainabilityFactor.ADAPTABILITY: FactorInfo(
        _P,
        "Adaptability",
        "Will it keep working when things around it change, such as a new rota or a busy winter?",
    ),
    SustainabilityFactor.MONITORING: FactorInfo(
        _P,
        "Monitoring progress",
        "Is there a way of checking that the change is still happening and still working?",
    ),
    SustainabilityFactor.INVOLVEMENT: FactorInfo(
        _S,
        "Staff involvement and training",
        "Did the people who do the work help design it, and are new staff trained in it?",
    ),
    SustainabilityFactor.BEHAVIOURS: FactorInfo(
        _S,
        "Staff behaviours",
        "Do staff believe in the change and feel able to keep it going?",
    ),
    SustainabilityFactor.SENIOR_LEADERS: FactorInfo(
        _S,
        "Senior leadership engagement",
        "Do senior leaders know about it, support it and talk about it?",
    ),
    SustainabilityFactor.CLINICAL_LEADERS: FactorInfo(
        _S,
        "Clinical leadership engagement",
        "Do respected clinical leaders back it and do it themselves?",
    ),
    SustainabilityFactor.FIT: FactorInfo(
        _O,
        "Fit with the organisation's aims and culture",
        "Does it help with things the organisation cares about?",
    ),
    SustainabilityFactor.INFRASTRUCTURE: FactorInfo(
        _O,
        "Infrastructure",
        "Are the policies, job descriptions, equipment, IT and buildings in place for it?",
    ),
}


@dataclass(frozen=True)
class FactorRating:
    """A factor with the team's rating (1 to 5) and its note."""

    factor: SustainabilityFactor
    score: int
    note: str


def score_field(factor: SustainabilityFactor) -> str:
    """Return the document key of a factor's rating (``"senior_leaders_score"``)."""
    return f"{factor.value}_score"


def note_field(factor: SustainabilityFactor) -> str:
    """Return the document key of a factor's note."""
    return f"{factor.value}_note"


def weakest_factors(document: Mapping[str, object], count: int = 3) -> list[FactorRating]:
    """Return the lowest-rated factors, weakest first (ties in the model's order).

    Args:
        document: A validated sustainability plan.
        count: How many to return; more come back when several share the last place's rating.
    """
    rated = [
        FactorRating(factor, score, str(document.get(note_field(factor), "")))
        for factor in SustainabilityFactor
        if isinstance(score := document.get(score_field(factor)), int)
    ]
    rated.sort(key=lambda rating: rating.score)
    if len(rated) <= count:
        return rated
    cut_off = rated[count - 1].score
    return [rating for rating in rated if rating.score <= cut_off]


def _factor_fields(factor: SustainabilityFactor) -> tuple[FieldSpec, FieldSpec]:
    info = FACTORS[factor]
    score = FieldSpec(
        score_field(factor),
        f"{info.label}: team rating",
        f"{info.question} 1 means very weak (likely to make the change fade), 5 very strong.",
        FieldType.NUMBER,
        required=True,
        minimum=1,
        maximum=5,
        whole_number=True,
    )
    note = text(
        note_field(factor),
        f"{info.label}: note",
        "Why you chose this rating, and where people disagreed. Good: “Night staff were not "
        "involved, so we scored 2.”",
        max_length=300,
    )
    return score, note


_ACTION = (
    choice(
        "factor",
        "Factor",
        "One of your two or three lowest-rated factors.",
        tuple((factor.value, info.label) for factor, info in FACTORS.items()),
        required=True,
    ),
    text(
        "action",
        "What you will do",
        "Good: “Add the patient-ready check to the ward induction pack.”",
        required=True,
        max_length=300,
    ),
    text(
        "owner",
        "Who will do it",
        "A role. Good: “practice educator, Ward 9”.",
        required=True,
        max_length=100,
    ),
    date_field("due", "By when", "A date in the next few months. Good: 31/05/2027.", required=True),
)

SUSTAINABILITY_PLAN = WorksheetSpec(
    WorksheetKind.SUSTAINABILITY_PLAN,
    "Sustainability plan",
    "Plan how your improvement will last after the project team steps back, and whether it "
    "could spread. Do it with your team and the person who will own the process afterwards.",
    (
        SectionSpec(
            "Sustainability Model ratings",
            "Each team member rates the ten factors on their own; then agree team ratings. This "
            "is a conversation, not an exam: the discussion and the actions matter most.",
            tuple(spec for factor in SustainabilityFactor for spec in _factor_fields(factor)),
        ),
        SectionSpec(
            "Weakest factors and actions",
            "For the two or three lowest-rated factors, what you will do, who will do it and by "
            "when.",
            (
                FieldSpec(
                    "actions",
                    "Actions",
                    "Each action needs an owner and a date.",
                    FieldType.LIST,
                    required=True,
                    fields=_ACTION,
                    item_label="Action",
                    max_items=15,
                ),
            ),
        ),
        SectionSpec(
            "Making it last",
            "How the change becomes the normal way of working, and who looks after it.",
            (
                long_text(
                    "standardising",
                    "How is the change becoming standard practice?",
                    "Procedures, checklists, forms, rotas, induction, IT or equipment. Include at "
                    "least one way that does not rely on people remembering.",
                    required=True,
                    max_length=2000,
                ),
                long_text(
                    "ongoing_measurement",
                    "Which measures will continue?",
                    "One or two measures: how often, who owns the chart, where it is reviewed, and "
                    "what pattern will trigger action. Good: “Weekly run chart, owned by the ward "
                    "manager, reviewed at the safety huddle; act on 6 points in a row below 80%.”",
                    required=True,
                    max_length=1500,
                ),
                text(
                    "handover_owner",
                    "Who will own the process?",
                    "A role that has agreed to it. Good: “ward manager, Ward 9”.",
                    required=True,
                ),
                date_field(
                    "handover_date",
                    "Handover date",
                    "The date the new owner takes over, agreed with them. Good: 30/06/2027.",
                ),
                text(
                    "records_location",
                    "Where are the handover notes and project records kept?",
                    "Good: “ward shared drive, QI folder”.",
                ),
                long_text(
                    "spread",
                    "Could it spread?",
                    "Other areas that might benefit, the core of the change that must stay the "
                    "same, and what a new team could adapt. If spread is not part of your "
                    "project, say so.",
                    required=True,
                    max_length=1500,
                ),
            ),
        ),
    ),
)
