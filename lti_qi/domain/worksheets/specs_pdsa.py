"""Spec for the PDSA log: every test of change, planned, done, studied and acted on.

The wording follows ``pages/pdsa/pdsa-worksheet-guide.md``. A cycle in progress has only its
plan and prediction, so do, study and act are not required field by field; `links`
checks that at least two cycles are complete and linked before the log is submitted. Leis and
Shojania's "PDSA in name only" (BMJ Qual Saf 2017) is why the prediction is required: a cycle
without one cannot be studied. A cycle tests either a change idea from the driver diagram or
a theory about the problem (an early cycle may test why the problem happens before changing
anything); `links` asks for one of the two before the log is submitted.
"""

from lti_qi.domain.worksheets.schema import (
    FieldSpec,
    FieldType,
    LinkTarget,
    SectionSpec,
    WorksheetKind,
    WorksheetSpec,
    choice,
    date_field,
    long_text,
    text,
)
from lti_qi.domain.worksheets.specs_change import ACT_DECISIONS

_LINKS = (
    text(
        "title",
        "Title",
        "A few words on what this cycle tests. Good: “Patient-ready tick box, one ward, one "
        "morning”.",
        required=True,
        max_length=120,
    ),
    FieldSpec(
        "change_idea",
        "Change idea being tested",
        "Choose it from your driver diagram. If it is not there yet, add it to the driver "
        "diagram first. Leave blank if this cycle tests a theory about the problem instead.",
        FieldType.TEXT,
        max_length=20,
        links_to=LinkTarget.CHANGE_IDEA,
    ),
    long_text(
        "theory",
        "Or: theory about the problem being tested",
        "For a cycle that tests why the problem happens rather than a change. Good: “Trays come "
        "back untouched because patients are asleep when lunch arrives.”",
        max_length=500,
    ),
    FieldSpec(
        "previous_cycle",
        "Follows on from",
        "The cycle whose “Act” led to this one. Leave blank for the first test of a change idea.",
        FieldType.TEXT,
        max_length=20,
        links_to=LinkTarget.PDSA_CYCLE,
    ),
    FieldSpec(
        "measure",
        "Main measure",
        "Choose it from your measures plan: the measure that shows whether this change helps.",
        FieldType.TEXT,
        max_length=120,
        links_to=LinkTarget.MEASURE,
    ),
)

_PLAN = (
    text(
        "question",
        "Plan: what question will this cycle answer?",
        "Good: “Will nurses use the tick box on a busy morning?”",
        required=True,
        max_length=300,
    ),
    long_text(
        "plan",
        "Plan: who, what, where and when, and what data you will collect",
        "Keep it small: one patient, one clinician, one shift. Good: “Ward 9, Tuesday morning: "
        "the nurse in charge uses the tick box for every porter request; the porter notes whether "
        "the patient was ready.”",
        required=True,
        max_length=2000,
    ),
    long_text(
        "prediction",
        "Prediction",
        "What you expect to happen, written before the test, with a number if you can. Good: "
        "“At least 8 of 10 requests will have the box ticked.”",
        required=True,
        max_length=1000,
    ),
    date_field(
        "start_date",
        "Test started",
        "The day the test began. Small tests are short: a morning, a shift or a week.",
        required=True,
    ),
    date_field(
        "end_date",
        "Test finished",
        "The last day of the test. Leave blank while it is still running.",
    ),
)

_DO_STUDY_ACT = (
    long_text(
        "do",
        "Do: what actually happened?",
        "Including problems and surprises, and the data you collected (counts or percentages "
        "only). Good: “7 of 10 requests ticked; two missed during the drug round.”",
        max_length=2000,
    ),
    long_text(
        "study",
        "Study: how did the results compare with your prediction?",
        "Why they might differ, and what staff, patients or carers said. Good: “Fewer than we "
        "predicted: the box is easy to miss when the ward is busy.”",
        max_length=2000,
    ),
    choice(
        "act",
        "Act: your decision",
        "Decide after studying the results. Adapting is the most common decision; abandoning an "
        "idea that did not work is useful learning too.",
        ACT_DECISIONS,
    ),
    long_text(
        "next_step",
        "Act: what next?",
        "What the next cycle will test, or why you stopped. Good: “Test again with the box on "
        "the porter request screen.”",
        max_length=1000,
    ),
)

PDSA_LOG = WorksheetSpec(
    WorksheetKind.PDSA_LOG,
    "PDSA log",
    "Plan and record every test of change, from your first small test onwards. A few lines "
    "written on the day are worth more than a page written from memory weeks later.",
    (
        SectionSpec(
            "Cycles",
            "Number your cycles and link each one to the cycle before: each cycle's “Act” leads "
            "into the next cycle's “Plan”. Record cycles that did not work too. Submit once at "
            "least two linked cycles for one change idea are complete, and keep adding cycles "
            "afterwards.",
            (
                FieldSpec(
                    "cycles",
                    "Cycles",
                    "One entry per test of change. No patient-identifiable information.",
                    FieldType.LIST,
                    required=True,
                    fields=_LINKS + _PLAN + _DO_STUDY_ACT,
                    item_label="Cycle",
                    min_items=2,
                    max_items=60,
                    id_prefix="PDSA",
                ),
            ),
        ),
    ),
)
