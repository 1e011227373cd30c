"""Specs for the worksheets that explore the system: the process map and the fishbone.

The wording follows the pack's guides in ``pages/system/``. The fishbone's starting categories
(`FISHBONE_CATEGORIES`) are common names, not a standard (qi.md 2.3), so learners rename or
replace them. The Pareto spec lives in `specs_pareto` and the driver diagram's in
`specs_change`.
"""

from typing import Any

from lti_qi.domain.worksheets.schema import (
    FieldSpec,
    FieldType,
    SectionSpec,
    WorksheetKind,
    WorksheetSpec,
    choice,
    long_text,
    text,
    tick,
)

FISHBONE_CATEGORIES = ("People", "Methods", "Equipment", "Materials", "Environment", "Measurement")
"""Common starting headings for a fishbone's bones; a convention, not a standard."""
STEP_KINDS = (
    ("task", "Task"),
    ("decision", "Decision (a yes/no question)"),
    ("wait", "Wait or delay"),
)
IDEA_SOURCES = (
    ("team", "Our team"),
    ("patients", "Patients or carers"),
    ("evidence", "Published evidence"),
    ("elsewhere", "Another hospital or service"),
    ("other", "Somewhere else"),
)

_STEP = (
    text(
        "step",
        "What happens",
        "Start with a verb. Good: “Phone the helpdesk”, “Check the prescription”. For a "
        "decision, write a yes/no question: “Is the bed clean?”",
        required=True,
        max_length=150,
    ),
    choice(
        "kind",
        "Type of step",
        "Mark decisions (yes/no questions) and waits, such as waiting for a porter, so they "
        "stand out.",
        STEP_KINDS,
    ),
    text("who", "Who does it", "A role, not a name. Good: “ward clerk”.", max_length=100),
    text(
        "time",
        "How long it takes",
        "Including any wait. Rough estimates are fine if you say so. Good: “10 min (estimate)”.",
        max_length=60,
    ),
    text(
        "problems",
        "Problems or waste seen here",
        "Waits, hand-offs, repeated work, or steps that add nothing for the patient. For a "
        "decision, say where each answer leads. Good: “Porter often arrives before the patient "
        "is ready and leaves again.”",
        max_length=300,
    ),
)

PROCESS_MAP = WorksheetSpec(
    WorksheetKind.PROCESS_MAP,
    "Process map",
    "Map the process your project is about as it really happens now, with the people who do the "
    "work. Walk the process if you can.",
    (
        SectionSpec(
            "Where the map starts and ends",
            "Be exact, so everyone maps the same stretch of the process.",
            (
                text(
                    "start_point",
                    "Where does your map start?",
                    "The first event. Good: “The doctor decides the patient can go home.”",
                    required=True,
                ),
                text(
                    "end_point",
                    "Where does it end?",
                    "The last event. Good: “The patient leaves the ward.”",
                    required=True,
                ),
                text(
                    "mapped_by",
                    "Who helped build the map?",
                    "Roles, not names. Good: “ward nurse, porter, pharmacist, patient partner”. "
                    "A map built by one person usually misses steps.",
                    required=True,
                    max_length=300,
                ),
            ),
        ),
        SectionSpec(
            "Steps",
            "Enter the steps in order, as they happen now, not as they should happen.",
            (
                FieldSpec(
                    "steps",
                    "Steps",
                    "Include decisions, loops (things done again) and waits.",
                    FieldType.LIST,
                    required=True,
                    fields=_STEP,
                    item_label="Step",
                    min_items=3,
                    max_items=60,
                ),
            ),
        ),
        SectionSpec(
            "What you found",
            "Look at the whole map with the team.",
            (
                long_text(
                    "surprises",
                    "What surprised the team?",
                    "Good: “Nobody knew that pharmacy waits for the discharge letter.”",
                    max_length=1500,
                ),
                long_text(
                    "opportunities",
                    "Where might a change help?",
                    "At least two places on the map, and why. Good: “Step 4: the porter is "
                    "called before the patient is ready, so porters wait.”",
                    required=True,
                    max_length=1500,
                ),
            ),
        ),
    ),
)

_CAUSE = (
    text(
        "cause",
        "Possible cause",
        "A cause, not a solution. Good: “no one free to help at 12:30”. Not a cause: “more "
        "staff”. Name no one.",
        required=True,
        max_length=150,
    ),
    text(
        "deeper_cause",
        "Why does that happen?",
        "Ask “why?” once more for the important causes. Good: “all lunch breaks start at 12:30”.",
        max_length=150,
    ),
    tick(
        "most_likely", "One of the most likely causes", "Tick the three to five that matter most."
    ),
    text(
        "how_to_check",
        "How could you check it with data?",
        "Good: “a two-week tally of reasons for delay”, which can feed your Pareto chart.",
    ),
)

_CATEGORY = (
    text(
        "name",
        "Category",
        "A short heading. Good: “People”, “Methods”, “Equipment”, or your own, such as "
        "“Communication”.",
        required=True,
        max_length=60,
    ),
    FieldSpec(
        "causes",
        "Causes",
        "Every possible cause the team can think of under this heading.",
        FieldType.LIST,
        fields=_CAUSE,
        item_label="Cause",
        max_items=30,
    ),
)

FISHBONE = WorksheetSpec(
    WorksheetKind.FISHBONE,
    "Fishbone (cause and effect) diagram",
    "Brainstorm with your team the possible causes of your problem, grouped under headings, and "
    "choose the ones to check with data.",
    (
        SectionSpec(
            "The problem (the head of the fish)",
            "Use the same wording as the problem on your aim worksheet.",
            (
                text(
                    "problem",
                    "The problem",
                    "Neutral and specific, blaming nobody. Good: “Urgent CT transfer requests "
                    "not picked up within 15 minutes.”",
                    required=True,
                ),
            ),
        ),
        SectionSpec(
            "Categories and causes (the bones)",
            "Choose four to six headings that help the team think widely. People, methods, "
            "equipment, materials, environment and measurement are common starting points, not "
            "rules: rename or replace them to fit your problem.",
            (
                FieldSpec(
                    "categories",
                    "Categories",
                    "Causes should cover more than one category.",
                    FieldType.LIST,
                    required=True,
                    fields=_CATEGORY,
                    item_label="Category",
                    min_items=2,
                    max_items=10,
                ),
            ),
        ),
    ),
)


def fishbone_starter() -> dict[str, Any]:
    """Return a new fishbone: the common category names, for the team to rename or replace."""
    return {"categories": [{"name": name} for name in FISHBONE_CATEGORIES]}
