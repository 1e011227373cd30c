"""Specs for the worksheets that start a project: the aim statement, and team and stakeholders.

The wording follows the pack's worksheet guides (``pages/aim/aim-worksheet-guide.md`` and
``pages/team/team-worksheet-guide.md``). The aim builder's parts follow the fill-in template
"To increase / decrease [measure] from [baseline] to [target] by [date] in [population]"; the
quality dimensions are the IOM's six (STEEEP); the stakeholder grid is the NHS Institute's
power/interest grid, whose quadrant `team` works out from the two ratings.
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
    multi_choice,
    text,
)

STEEEP = (
    ("safe", "Safe: avoiding harm"),
    ("timely", "Timely: less waiting and delay"),
    ("effective", "Effective: care based on evidence"),
    ("efficient", "Efficient: less waste of time, money or supplies"),
    ("equitable", "Equitable: the same quality for everyone"),
    ("patient_centred", "Patient-centred: care that respects what each patient wants"),
)
DIRECTIONS = (("increase", "Increase"), ("decrease", "Decrease"))
HIGH_LOW = (("high", "High"), ("low", "Low"))
PROJECT_ROLES = (
    ("sponsor", "Sponsor"),
    ("lead", "Project lead"),
    ("mentor", "Mentor or coach"),
    ("member", "Team member"),
    ("patient_partner", "Patient or carer partner"),
)

_PROBLEM = SectionSpec(
    "The problem",
    "Say what is happening now and why it matters. Talk to a colleague and, if you can, a "
    "patient or carer first: they often see the problem differently.",
    (
        long_text(
            "problem",
            "What is the problem?",
            "Two or three sentences on what happens now and why it matters, with any numbers you "
            "have. Good: “About a fifth of lunch trays on Wards 4 and 5 come back untouched, so "
            "patients may not be eating enough.” Describe the system, blame no one and never "
            "name a patient.",
            required=True,
            max_length=1500,
        ),
        text(
            "setting",
            "Where, and who is affected?",
            "The ward, clinic or service, and the patients or staff affected. Good: “Adult "
            "inpatients on Wards 4 and 5, Riverside Hospital.”",
            required=True,
        ),
        multi_choice(
            "quality_dimensions",
            "Which parts of quality is it mainly about?",
            "Tick the one or two that matter most for this problem.",
            STEEEP,
        ),
    ),
)

_AIM = SectionSpec(
    "Your aim statement",
    "Build your aim from its parts. The tool joins them into one sentence: “To increase / "
    "decrease [measure] from [baseline] to [target] by [date] in [population]”, and checks "
    "which SMART parts are there. Describe a result, not a solution.",
    (
        choice(
            "direction",
            "Do you want the number to go up or down?",
            "“Increase” for things you want more of, such as patients screened; “Decrease” for "
            "things you want less of, such as falls or waiting time.",
            DIRECTIONS,
            required=True,
        ),
        text(
            "measure",
            "What will you measure?",
            "Something you can count: a number, percentage, time or rate. Good: “the percentage "
            "of lunch trays returned untouched”. Too vague to count: “patient nutrition”.",
            required=True,
        ),
        text(
            "baseline",
            "What is it now (your baseline)?",
            "The number now, with its unit. Good: “20%” or “45 minutes”. If you do not know yet, "
            "give your best estimate and add “(estimate)”; you will check it with data later.",
            required=True,
            max_length=60,
        ),
        text(
            "target",
            "What do you want it to be (your target)?",
            "The number you want to reach, in the same unit as the baseline. Good: “10%”. A real "
            "improvement that you could still reach in a few months.",
            required=True,
            max_length=60,
        ),
        date_field(
            "target_date",
            "By when?",
            "A calendar date, usually three to six months from now. Good: 31/03/2027.",
            required=True,
        ),
        text(
            "population",
            "For whom, or where?",
            "The patients, staff or place the aim covers. Good: “on Wards 4 and 5” or “for "
            "adults attending the diabetes clinic”.",
            required=True,
        ),
        long_text(
            "aim_text",
            "Your aim in your own words (optional)",
            "Only if you would rather write the sentence yourself. It should still say how much, "
            "by when and for whom. Leave it blank to use the sentence built from the parts above.",
            max_length=600,
        ),
        long_text(
            "target_rationale",
            "Why this target and date?",
            "One or two sentences on where the target comes from: a national standard, a similar "
            "service, published evidence or a team decision. Good: “Ward 6 reached 10% last year "
            "with a similar change.”",
            required=True,
            max_length=1000,
        ),
    ),
)

AIM_STATEMENT = WorksheetSpec(
    WorksheetKind.AIM_STATEMENT,
    "Aim statement",
    "Describe the problem you want to work on and write your first SMART aim: how much, by "
    "when, for whom. You will refine it as you learn more.",
    (_PROBLEM, _AIM),
)

_MEMBER_FIELDS = (
    text(
        "name",
        "Name (optional)",
        "Only with the person's agreement. A patient partner can be listed by role only.",
        max_length=100,
    ),
    text(
        "role",
        "Role in the organisation",
        "Their job and where they work. Good: “staff nurse, Ward 9” or “patient partner”.",
        required=True,
    ),
    choice(
        "project_role",
        "Role in the project",
        "Sponsor: a senior person who clears barriers. Project lead: runs the project day to "
        "day. Mentor or coach: advises on method. Team member: does the project work. Patient "
        "or carer partner: brings the view of people who use the service.",
        PROJECT_ROLES,
        required=True,
    ),
    text(
        "site",
        "Site or hospital",
        "Where they are based, if your team spans more than one site. Good: “Riverside "
        "Hospital” or “Northgate GP surgery”.",
        max_length=120,
    ),
    text(
        "time_commitment",
        "Time they can give",
        "A realistic amount that they have agreed to. Good: “1 hour a week” or “monthly "
        "meeting only”.",
        max_length=100,
    ),
    text(
        "contribution",
        "What they will do for the project",
        "A specific task. Good: “collects tray data on Tuesdays” or “chairs the monthly meeting”.",
    ),
)

_STAKEHOLDER_FIELDS = (
    text(
        "name",
        "Person or group",
        "By role or group unless they have agreed to be named. Good: “night-shift nurses”, "
        "“catering manager”, “patients and families”.",
        required=True,
    ),
    choice(
        "interest",
        "How much does the project matter to them?",
        "High if the change affects their work or their care, or they care a lot about the result.",
        HIGH_LOW,
        required=True,
    ),
    choice(
        "influence",
        "How much can they help or block it?",
        "High if they control money, staff, rotas, rules or opinion in the area.",
        HIGH_LOW,
        required=True,
    ),
    text(
        "cares_about",
        "What they care about",
        "In their words if you can. Good: “not making the ward round longer”.",
    ),
    text(
        "need_from_them",
        "What you need from them",
        "Good: “agreement to try a new form”, “ten minutes at the team meeting”.",
    ),
    text(
        "engagement_plan",
        "How and how often you will keep in touch, and who will",
        "Most effort for those you must manage closely. Good: “update at the monthly ward "
        "meeting, by the project lead”.",
        max_length=300,
    ),
)

TEAM_STAKEHOLDERS = WorksheetSpec(
    WorksheetKind.TEAM_STAKEHOLDERS,
    "Team and stakeholders",
    "Who is in your project team, what each person will do, who else the project affects, and "
    "how you will keep them involved.",
    (
        SectionSpec(
            "Your team",
            "Include the people who do the work and, if you can, someone who uses the service. "
            "Only add people who have agreed to take part.",
            (
                FieldSpec(
                    "team_members",
                    "Team members",
                    "Everyone in the project team, including a sponsor who has agreed to the role.",
                    FieldType.LIST,
                    required=True,
                    fields=_MEMBER_FIELDS,
                    item_label="Team member",
                    min_items=2,
                    max_items=20,
                ),
            ),
        ),
        SectionSpec(
            "Your stakeholders",
            "People or groups who affect, or are affected by, the project. Rate each one's "
            "interest and influence; the tool places them on the grid: manage closely, keep "
            "satisfied, keep informed or monitor. The “9 Cs” list in the reading helps you "
            "spot people you have missed.",
            (
                FieldSpec(
                    "stakeholders",
                    "Stakeholders",
                    "Describe people by role, and write nothing you would not want them to read.",
                    FieldType.LIST,
                    required=True,
                    fields=_STAKEHOLDER_FIELDS,
                    item_label="Stakeholder",
                    max_items=30,
                ),
            ),
        ),
        SectionSpec(
            "How you will work",
            "Agree this with the team at your first meeting.",
            (
                long_text(
                    "ways_of_working",
                    "When and where will the team meet, and how will you keep in touch?",
                    "Include how you will update your sponsor. Good: “15-minute huddle after "
                    "Tuesday handover; updates by team email; a monthly summary to our sponsor.”",
                    required=True,
                    max_length=1500,
                ),
            ),
        ),
    ),
)
