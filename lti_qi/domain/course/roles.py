"""lti-qi's own roles, which LTI roles map onto (see ``lti_qi.lti.roles``)."""

from enum import StrEnum


class Role(StrEnum):
    """What a person may do in lti-qi within one course."""

    LEARNER = "learner"
    MENTOR = "mentor"
    DESIGNER = "designer"
    ADMINISTRATOR = "administrator"


ROLE_LABELS = {
    Role.LEARNER: "Learner",
    Role.MENTOR: "Mentor",
    Role.DESIGNER: "Course designer",
    Role.ADMINISTRATOR: "Administrator",
}
