"""Specs for the worksheets about changes and measures: driver diagram, measures plan, PDSA log.

The wording follows the pack's guides (``pages/system/driver-diagram-worksheet-guide.md``,
``pages/measures/measures-worksheet-guide.md``, ``pages/pdsa/pdsa-worksheet-guide.md``). The
three are linked: a PDSA cycle names a change idea by its id on the driver diagram (``"C3"``)
and a measure by its name in the measures plan; `links` checks those links.
"""

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
from lti_qi.domain.worksheets.specs_system import IDEA_SOURCES

MEASURE_TYPES = (
    ("outcome", "Outcome: are we reaching the aim?"),
    ("process", "Process: is the change happening as planned?"),
    ("balancing", "Balancing: is anything getting worse elsewhere?"),
)
FREQUENCIES = (
    ("daily", "Daily"),
    ("weekly", "Weekly"),
    ("fortnightly", "Every two weeks"),
    ("monthly", "Monthly"),
    ("each_cycle", "With each PDSA cycle"),
)
BETTER_DIRECTIONS = (("up", "Up is better"), ("down", "Down is better"))
ACT_DECISIONS = (
    ("adopt", "Adopt: make it the usual way of working"),
    ("adapt", "Adapt: change it and test again"),
    ("abandon", "Abandon: stop testing this idea"),
)

_IDEA = (
    text(
        "text",
        "Change idea",
        "A specific change you could test next week. Good: “Nurse ticks a patient-ready box "
        "before the porter is called.” Too vague to test: “better communication”.",
        required=True,
    ),
    choice(
        "source",
        "Where the idea came from",
        "Ideas from several places, especially patients and other services, are best.",
        IDEA_SOURCES,
    ),
    tick("test_first", "Test this first", "Tick the one or two ideas you will test first."),
    text(
        "why_first",
        "Why test it first?",
        "Good: “biggest bar on our Pareto chart, and easy to try on one shift”.",
    ),
)
_SECONDARY = (
    text(
        "text",
        "Secondary driver",
        "A more specific factor that affects the primary driver; your process map and Pareto "
        "chart should point to these. Good: “Transport booked before medicines are ready.”",
        required=True,
        max_length=150,
    ),
    FieldSpec(
        "change_ideas",
        "Change ideas",
        "Specific, testable changes, and a mix of them: not only training and reminders.",
        FieldType.LIST,
        fields=_IDEA,
        item_label="Change idea",
        max_items=10,
        id_prefix="C",
    ),
)
_PRIMARY = (
    text(
        "text",
        "Primary driver",
        "A big factor that must be true to reach the aim, written positively. Good: “Patients are "
        "ready when the porter arrives.”",
        required=True,
        max_length=150,
    ),
    FieldSpec(
        "secondary_drivers",
        "Secondary drivers",
        "The more specific factors that affect this primary driver.",
        FieldType.LIST,
        required=True,
        fields=_SECONDARY,
        item_label="Secondary driver",
        max_items=8,
        id_prefix="S",
    ),
)

DRIVER_DIAGRAM = WorksheetSpec(
    WorksheetKind.DRIVER_DIAGRAM,
    "Driver diagram",
    "Your theory of how you will reach your aim: what must be true (drivers) and what you could "
    "test to get there (change ideas). Read it from right to left: “If we test this idea, it "
    "will affect this driver, which will help the aim.”",
    (
        SectionSpec(
            "Aim",
            "Copy your latest aim statement; update both if your understanding has changed.",
            (
                long_text(
                    "aim",
                    "Aim",
                    "How much, by when, for whom. Good: “To reduce untouched lunch trays from 20% "
                    "to 10% by 31 March 2027 on Wards 4 and 5.”",
                    required=True,
                    max_length=600,
                ),
            ),
        ),
        SectionSpec(
            "Drivers and change ideas",
            "Add three to five primary drivers, the secondary drivers under each, and change "
            "ideas under the secondary drivers they would affect.",
            (
                FieldSpec(
                    "primary_drivers",
                    "Primary drivers",
                    "Three to five big factors; each needs at least one secondary driver.",
                    FieldType.LIST,
                    required=True,
                    fields=_PRIMARY,
                    item_label="Primary driver",
                    max_items=8,
                    id_prefix="P",
                ),
            ),
        ),
    ),
)

_MEASURE = (
    text(
        "name",
        "Name",
        "Short and specific, with its unit. Good: “Urgent CT requests picked up within 15 "
        "minutes (%)”.",
        required=True,
        max_length=120,
    ),
    choice(
        "type",
        "Type of measure",
        "Your family needs at least one of each type; most measures are process measures.",
        MEASURE_TYPES,
        required=True,
    ),
    long_text(
        "operational_definition",
        "Operational definition",
        "Exactly what is counted, out of what, what is included and left out, and how, so two "
        "people would count the same thing. Good: “Urgent CT requests picked up within 15 "
        "minutes of the call, out of all urgent CT requests in the helpdesk log, 8am to 8pm on "
        "weekdays.”",
        required=True,
        max_length=1500,
    ),
    text(
        "numerator",
        "Numerator (optional)",
        "What is counted. Good: “requests picked up in 15 minutes”.",
        max_length=300,
    ),
    text(
        "denominator",
        "Denominator (optional)",
        "Out of what. Good: “all urgent CT requests”.",
        max_length=300,
    ),
    text(
        "data_source",
        "Data source",
        "Good: “helpdesk log”, “tally sheet at the nurses' station”, “booking system report”.",
        required=True,
    ),
    text(
        "collection",
        "Who collects it, and when",
        "A role and a time. Good: “ward clerk, every Monday morning, for the week before”.",
        required=True,
        max_length=300,
    ),
    choice(
        "frequency",
        "How often",
        "Often enough to see change within weeks: weekly suits most projects.",
        FREQUENCIES,
        required=True,
    ),
    text(
        "sampling",
        "Sampling plan (optional)",
        "Only if you will not measure every case: how you choose which. Good: “the first 10 "
        "patients admitted each Tuesday”.",
        max_length=300,
    ),
    choice(
        "better_direction",
        "Which way is better?",
        "For falls or waiting times, down is better; for patients screened, up is better.",
        BETTER_DIRECTIONS,
        required=True,
    ),
    text(
        "target",
        "Target (optional)",
        "If the measure has one. Your outcome measure's target comes from your aim. Good: “10%”.",
        max_length=60,
    ),
    text(
        "baseline",
        "Baseline",
        "Data you already have, or how and when you will get it. Aim for 10 to 12 points before "
        "judging the run chart. Good: “12 weeks from the helpdesk log, Jan to Mar”.",
        max_length=300,
    ),
)

MEASURES_PLAN = WorksheetSpec(
    WorksheetKind.MEASURES_PLAN,
    "Measures plan",
    "Plan your family of measures: what you will measure, exactly how, and who will collect the "
    "data. You enter the numbers themselves on each measure's data page.",
    (
        SectionSpec(
            "Your family of measures",
            "Usually three to six measures: at least one outcome measure (usually matching your "
            "aim), a process measure for each change idea you are about to test, and at least one "
            "balancing measure. Collect counts, percentages, times and rates only: nothing that "
            "identifies a patient.",
            (
                FieldSpec(
                    "measures",
                    "Measures",
                    "Keep data collection simple enough to keep going every week.",
                    FieldType.LIST,
                    required=True,
                    fields=_MEASURE,
                    item_label="Measure",
                    min_items=3,
                    max_items=12,
                ),
            ),
        ),
    ),
)
