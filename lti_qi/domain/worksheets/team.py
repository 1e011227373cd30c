"""Team and stakeholders: the power/interest grid, and what the team may be missing.

Stakeholder analysis places each person or group on a 2x2 grid of interest (how much the
project matters to them) and influence (how much they can help or block it). The NHS
Institute's quadrant names are used (qi.md 2.3): *manage closely* (high influence, high
interest), *keep satisfied* (high influence, low interest), *keep informed* (low influence,
high interest; patients often sit here) and *monitor* (low, low). NES Scotland's names for the
same boxes are Involve, Engage, Keep engaged and Keep informed.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from lti_qi.domain.values import join_words, shorten

_PATIENT_WORDS = re.compile(
    r"\b(?:patients?|carers?|service users?|famil(?:y|ies)|relatives?|parents?|"
    r"lived experience|residents?|public)\b",
    re.IGNORECASE,
)


class Quadrant(StrEnum):
    """A box of the power/interest grid."""

    MANAGE = "manage"
    SATISFY = "satisfy"
    INFORM = "inform"
    MONITOR = "monitor"

    @property
    def label(self) -> str:
        """Return the box's name as shown on the grid ("Manage closely")."""
        return _QUADRANTS[self][0]

    @property
    def advice(self) -> str:
        """Return how much effort people in this box need, in a sentence."""
        return _QUADRANTS[self][1]


_QUADRANTS = {
    Quadrant.MANAGE: (
        "Manage closely",
        "Involve them fully: meet them regularly and agree decisions with them.",
    ),
    Quadrant.SATISFY: (
        "Keep satisfied",
        "Keep them on side: brief them on what matters to them, without overloading them.",
    ),
    Quadrant.INFORM: (
        "Keep informed",
        "Tell them regularly what is happening and ask for their views.",
    ),
    Quadrant.MONITOR: (
        "Monitor",
        "Occasional updates are enough, but watch for changes in their interest.",
    ),
}


@dataclass(frozen=True)
class Placement:
    """A stakeholder placed on the grid, with the plan for keeping in touch."""

    name: str
    quadrant: Quadrant
    engagement_plan: str


def stakeholder_quadrant(interest: str, influence: str) -> Quadrant:
    """Return the grid box for an interest and an influence, each ``"high"`` or ``"low"``.

    Raises:
        ValueError: When either rating is not "high" or "low".
    """
    if interest not in ("high", "low") or influence not in ("high", "low"):
        raise ValueError(f"Ratings must be 'high' or 'low', not {interest!r} and {influence!r}.")
    if influence == "high":
        return Quadrant.MANAGE if interest == "high" else Quadrant.SATISFY
    return Quadrant.INFORM if interest == "high" else Quadrant.MONITOR


def stakeholder_grid(document: Mapping[str, object]) -> dict[Quadrant, list[Placement]]:
    """Return the stakeholders of a team worksheet by grid box (unrated ones left out)."""
    grid: dict[Quadrant, list[Placement]] = {quadrant: [] for quadrant in Quadrant}
    for entry in _records(document, "stakeholders"):
        interest, influence, name = entry.get("interest"), entry.get("influence"), entry.get("name")
        if interest in ("high", "low") and influence in ("high", "low") and isinstance(name, str):
            quadrant = stakeholder_quadrant(str(interest), str(influence))
            plan = entry.get("engagement_plan")
            grid[quadrant].append(Placement(name, quadrant, plan if isinstance(plan, str) else ""))
    return grid


def patient_involvement_suggestion(document: Mapping[str, object]) -> str | None:
    """Return a nudge to involve patients or carers if the worksheet names none, else None."""
    members = _records(document, "team_members")
    if any(member.get("project_role") == "patient_partner" for member in members):
        return None
    named = [str(m.get("role", "")) for m in members]
    named += [str(s.get("name", "")) for s in _records(document, "stakeholders")]
    if any(_PATIENT_WORDS.search(text) for text in named):
        return None
    return (
        "Your team and stakeholders do not include patients, carers or families yet. They "
        "know the service in ways staff do not: add them as stakeholders, and think about "
        "asking a patient or carer partner to join the team."
    )


def team_feedback(document: Mapping[str, object]) -> list[str]:
    """Return advice on a team worksheet that the form's required fields cannot give."""
    roles = {member.get("project_role") for member in _records(document, "team_members")}
    advice = []
    if "sponsor" not in roles:
        advice.append("Name a sponsor: a senior person who has agreed to help clear barriers.")
    if "lead" not in roles:
        advice.append("Name a project lead: the person who runs the project day to day.")
    unplanned = [
        p.name for p in stakeholder_grid(document)[Quadrant.MANAGE] if not p.engagement_plan
    ]
    if unplanned:
        names = join_words([f"“{shorten(name, 60)}”" for name in unplanned])
        advice.append(f"Say how you will keep in touch with {names}: they need most attention.")
    suggestion = patient_involvement_suggestion(document)
    return [*advice, suggestion] if suggestion else advice


def _records(document: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    entries = document.get(key)
    return [e for e in entries if isinstance(e, Mapping)] if isinstance(entries, list) else []
