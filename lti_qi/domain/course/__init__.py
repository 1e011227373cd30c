"""The course core: the pathway a learner follows, their progress, roles, CPD and sign-off.

The one entry point for code outside this package. The everyday types and rules are named
here: the `Pathway` of modules, stages and activities, the statuses of progress and sign-off
and the summaries built from them, the LTI `Role`s, and `course_cpd_hours`, the one place a
course's CPD total is computed. Five topics keep their own namespace, because their names
read best qualified (``cpd.open_badge_credential``, ``link_targets.locate``):

- `cpd`: CPD conventions (quarter-hour rounding, credits) and the Open Badges credential;
- `link_targets`: what an LMS link opens (the pathway, a module or a stage);
- `checks`: marking the knowledge checks of a stage;
- `rubric`: the mentor's review rubric;
- `passback`: the documents a score passback sends to the LMS.
"""

from lti_qi.domain.course import checks, cpd, link_targets, passback, rubric
from lti_qi.domain.course.checks import CheckResult
from lti_qi.domain.course.cpd import course_cpd_hours
from lti_qi.domain.course.link_targets import LinkChoice, LinkTarget, Located, TargetKind
from lti_qi.domain.course.passback import SCORE_MAXIMUM
from lti_qi.domain.course.pathway import (
    Activity,
    Module,
    Pathway,
    Stage,
    pathway_from_manifest,
    with_cpd_hours,
)
from lti_qi.domain.course.progress import (
    DONE,
    ActivityStatus,
    LearnerRecord,
    ModuleSummary,
    PathwaySummary,
    SignoffStatus,
    StageState,
    StageSummary,
    effective_status,
    module_score,
    summarise,
)
from lti_qi.domain.course.roles import Role

__all__ = [
    "DONE",
    "SCORE_MAXIMUM",
    "Activity",
    "ActivityStatus",
    "CheckResult",
    "LearnerRecord",
    "LinkChoice",
    "LinkTarget",
    "Located",
    "Module",
    "ModuleSummary",
    "Pathway",
    "PathwaySummary",
    "Role",
    "SignoffStatus",
    "Stage",
    "StageState",
    "StageSummary",
    "TargetKind",
    "checks",
    "course_cpd_hours",
    "cpd",
    "effective_status",
    "link_targets",
    "module_score",
    "passback",
    "pathway_from_manifest",
    "rubric",
    "summarise",
    "with_cpd_hours",
]
