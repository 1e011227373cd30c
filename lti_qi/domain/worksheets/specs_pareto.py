"""Spec for the Pareto worksheet: planning a tally, the counts, and what the chart shows.

The wording follows ``pages/system/pareto-worksheet-guide.md``; `pareto` sorts the counts and
finds the vital few, and `diagrams_pareto` draws the chart.
"""

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

COUNTING_RULES = (
    ("main_reason", "Each event counted once, under its main reason"),
    ("several_reasons", "An event can be counted under more than one reason"),
)


_PARETO_CATEGORY = (
    text(
        "name",
        "Category",
        "Use the most likely causes from your fishbone, plus “Other”. Good: “Patient away "
        "from bed”.",
        required=True,
        max_length=80,
    ),
    text(
        "definition",
        "What counts here",
        "One line, so two people would record the same event the same way. Good: “Patient not in "
        "the bay when the tray arrived, for any reason.”",
        max_length=300,
    ),
    FieldSpec(
        "count",
        "Count",
        "How many times it happened over the whole time frame (or the total minutes or cost, "
        "if that is what you are counting).",
        FieldType.NUMBER,
        required=True,
        minimum=0,
        maximum=1_000_000_000,
    ),
)

PARETO = WorksheetSpec(
    WorksheetKind.PARETO,
    "Pareto chart",
    "Tally how often each cause of your problem happens. The tool sorts the categories and draws "
    "the Pareto chart, so you can see which few causes make up most of the problem.",
    (
        SectionSpec(
            "Planning the tally",
            "Decide these before you start counting.",
            (
                text(
                    "counting",
                    "What are you counting?",
                    "The events and the unit. Good: “delayed discharges, each counted once” or "
                    "“minutes lost to each kind of delay”.",
                    required=True,
                ),
                choice(
                    "counting_rule",
                    "How are events counted?",
                    "Decide before you start and keep to it. Counting the main reason only is "
                    "simplest.",
                    COUNTING_RULES,
                    required=True,
                ),
                date_field(
                    "start_date",
                    "Tally started",
                    "Two to four weeks is often long enough.",
                    required=True,
                ),
                date_field(
                    "end_date",
                    "Tally ended",
                    "The last day counted. Good: two weeks after the start, such as 14/03/2027.",
                    required=True,
                ),
                text(
                    "recorded_by",
                    "Who recorded it, and where was the sheet kept?",
                    "Roles, not names. Good: “nurse in charge, each shift; sheet kept at the "
                    "nurses' station”. Record reasons and dates only, never who the patient was.",
                    max_length=300,
                ),
            ),
        ),
        SectionSpec(
            "Categories and counts",
            "Enter each category with its count for the whole time frame.",
            (
                FieldSpec(
                    "categories",
                    "Categories",
                    "“Other” should not be one of the biggest; if it is, split it up.",
                    FieldType.LIST,
                    required=True,
                    fields=_PARETO_CATEGORY,
                    item_label="Category",
                    min_items=2,
                    max_items=30,
                ),
                FieldSpec(
                    "total_events",
                    "Total number of events recorded",
                    "Checks that the counts add up. If an event can have more than one reason, "
                    "the counts add up to more than this.",
                    FieldType.NUMBER,
                    minimum=0,
                    whole_number=True,
                ),
            ),
        ),
        SectionSpec(
            "What the chart tells you",
            "Look at the tallest bars on the left and the cumulative line.",
            (
                long_text(
                    "conclusions",
                    "What does the chart tell you, and what will you focus on first?",
                    "Name the few categories that make up most of the problem, whether the team "
                    "expected this, and any cause that is rare but serious.",
                    required=True,
                    max_length=1500,
                ),
            ),
        ),
    ),
)
