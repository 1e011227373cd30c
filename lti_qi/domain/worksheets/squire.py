"""The SQUIRE 2.0 write-up: one text field for each of the 18 items, under SQUIRE's headings.

SQUIRE 2.0 (Standards for QUality Improvement Reporting Excellence; Ogrinc et al., BMJ Qual Saf
2016;25:986-992) lists 18 items under a title and abstract, four questions (why did you start,
what did you do, what did you find, what does it mean) and other information (qi.md 2.10). The
hints here are our own paraphrase for learners, not the checklist's wording; items with
lettered parts (8, 10, 13) are one field whose hint names the parts. `write_up`
fills a first draft from the learner's earlier worksheets.
"""

from dataclasses import dataclass

from lti_qi.domain.worksheets.schema import (
    FieldSpec,
    SectionSpec,
    WorksheetKind,
    WorksheetSpec,
    long_text,
    text,
)


@dataclass(frozen=True)
class SquireItem:
    """One SQUIRE 2.0 item: its number, its field in the write-up, its name and our hint."""

    number: int
    field: str
    title: str
    hint: str
    required: bool = True


HEADINGS: tuple[tuple[str, tuple[SquireItem, ...]], ...] = (
    (
        "Title and abstract",
        (
            SquireItem(
                1,
                "title",
                "Title",
                "Say that this was work to improve healthcare, and what you improved. Good: "
                "“Reducing untouched lunch trays on two medical wards: a quality improvement "
                "project”.",
            ),
            SquireItem(
                2,
                "abstract",
                "Abstract",
                "A short summary under the usual headings (background, aim, methods, results, "
                "conclusions), within the word limit of wherever you submit it. Write it last.",
                required=False,
            ),
        ),
    ),
    (
        "Introduction: why did you start?",
        (
            SquireItem(
                3,
                "problem_description",
                "Problem description",
                "What the problem was in your setting, how big it was and why it mattered. Your "
                "aim worksheet, process map, fishbone and Pareto chart are good sources.",
            ),
            SquireItem(
                4,
                "available_knowledge",
                "Available knowledge",
                "What was already known about the problem and its solutions: published studies, "
                "guidance, or what other services have tried.",
                required=False,
            ),
            SquireItem(
                5,
                "rationale",
                "Rationale",
                "Why you expected your changes to work: your theory of change. Your driver "
                "diagram is a good basis.",
                required=False,
            ),
            SquireItem(
                6,
                "specific_aims",
                "Specific aims",
                "What the project set out to achieve: your SMART aim, and why you chose that "
                "target.",
            ),
        ),
    ),
    (
        "Methods: what did you do?",
        (
            SquireItem(
                7,
                "context",
                "Context",
                "The setting (kind and size of organisation, the ward or service, its staff and "
                "patients, described without identifying anyone) and anything around the project "
                "that may have affected it.",
            ),
            SquireItem(
                8,
                "interventions",
                "Interventions",
                "What you changed, in enough detail for another team to try it, and who was on "
                "the team and what each person did.",
            ),
            SquireItem(
                9,
                "study_of_interventions",
                "Study of the interventions",
                "How you judged whether the changes made a difference, and how you checked that "
                "the results were due to them and not to something else.",
                required=False,
            ),
            SquireItem(
                10,
                "measures",
                "Measures",
                "Which measures you chose and why, with their operational definitions; how you "
                "looked at context; and how you made sure the data were complete and accurate.",
            ),
            SquireItem(
                11,
                "analysis",
                "Analysis",
                "How you analysed the data, including how you looked at variation over time: for "
                "example run charts, and which rules you used to read them.",
            ),
            SquireItem(
                12,
                "ethical_considerations",
                "Ethical considerations",
                "Whether the project was judged to be research and how (for example the HRA “Is "
                "my study research?” tool), how it was approved or registered locally, and how "
                "you protected patient information.",
            ),
        ),
    ),
    (
        "Results: what did you find?",
        (
            SquireItem(
                13,
                "results",
                "Results",
                "How the changes evolved through your PDSA cycles; what your process, outcome and "
                "balancing measures showed over time; how the setting affected the work; any "
                "unintended effects; and any missing data. Include the changes that did not work.",
            ),
        ),
    ),
    (
        "Discussion: what does it mean?",
        (
            SquireItem(
                14,
                "summary",
                "Summary",
                "The main findings and why they matter, including what helped most.",
            ),
            SquireItem(
                15,
                "interpretation",
                "Interpretation",
                "How your results compare with other people's, what difference they made to "
                "patients, staff and the organisation, and any costs.",
                required=False,
            ),
            SquireItem(
                16,
                "limitations",
                "Limitations",
                "What might limit how far the findings can be trusted or used elsewhere, and what "
                "you did about it. Be honest: others learn from this.",
            ),
            SquireItem(
                17,
                "conclusions",
                "Conclusions",
                "What others could use, how the change will be sustained, whether it could "
                "spread, and what happens next. Your sustainability plan is a good source.",
            ),
        ),
    ),
    (
        "Other information",
        (
            SquireItem(
                18,
                "funding",
                "Funding",
                "Any funding and what the funder did. Write “None” if there was none.",
            ),
        ),
    ),
)
"""SQUIRE 2.0's headings, each with its items in order."""

ITEMS: tuple[SquireItem, ...] = tuple(item for _, items in HEADINGS for item in items)
"""All 18 items, in order."""


def _field(item: SquireItem) -> FieldSpec:
    label = f"{item.number}. {item.title}"
    if item.field == "title":
        return text(item.field, label, item.hint, required=item.required, max_length=250)
    limit = 2000 if item.field == "abstract" else 6000
    return long_text(item.field, label, item.hint, required=item.required, max_length=limit)


SQUIRE_WRITEUP = WorksheetSpec(
    WorksheetKind.SQUIRE_WRITEUP,
    "SQUIRE 2.0 write-up",
    "Draft a write-up of your project under the SQUIRE 2.0 headings. Most of it is already in "
    "your earlier worksheets; the tool fills in a first draft from them for you to rewrite in "
    "your own words. Check everything, including quotes and charts, for patient-identifiable "
    "information.",
    tuple(
        SectionSpec(heading, "", tuple(_field(item) for item in items))
        for heading, items in HEADINGS
    ),
)
