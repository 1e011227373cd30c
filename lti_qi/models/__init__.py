"""SQLAlchemy models, one module per aggregate. Importing this package registers them all."""

from lti_qi.models.credentials import CpdKind, CpdRecord
from lti_qi.models.curriculum import ContentAsset, ContentItem, ContentPack, CourseSetting, ItemKind
from lti_qi.models.identity import (
    Context,
    Membership,
    OrganisationAdministrator,
    ResourceLink,
    User,
)
from lti_qi.models.keys import ToolKey
from lti_qi.models.measurement import MeasureRevision, MeasureSeries
from lti_qi.models.mentoring import (
    CourseMentor,
    DiscussionMessage,
    EmailMessage,
    JoinRequest,
    JoinRequestStatus,
    MentorAssignment,
    MentorInvite,
    Notification,
    PeerRequest,
    ReviewEntry,
)
from lti_qi.models.passback import (
    LineItemRecord,
    LinkLaunch,
    LinkSetting,
    PassbackAttempt,
    ScoreOutbox,
)
from lti_qi.models.platform import (
    Deployment,
    Platform,
    PlatformStatus,
    RegistrationInvite,
    RegistrationSource,
)
from lti_qi.models.progress import (
    ActivityProgress,
    CheckAttempt,
    Evidence,
    ModuleFeedback,
    ModuleNote,
    Reflection,
    StageSignoff,
)
from lti_qi.models.projects import MemberRole, Project, ProjectMember, Worksheet, WorksheetRevision

__all__ = [
    "ActivityProgress",
    "CheckAttempt",
    "ContentAsset",
    "ContentItem",
    "ContentPack",
    "Context",
    "CourseMentor",
    "CourseSetting",
    "CpdKind",
    "CpdRecord",
    "Deployment",
    "DiscussionMessage",
    "EmailMessage",
    "Evidence",
    "ItemKind",
    "JoinRequest",
    "JoinRequestStatus",
    "LineItemRecord",
    "LinkLaunch",
    "LinkSetting",
    "MeasureRevision",
    "MeasureSeries",
    "MemberRole",
    "Membership",
    "MentorAssignment",
    "MentorInvite",
    "ModuleFeedback",
    "ModuleNote",
    "Notification",
    "OrganisationAdministrator",
    "PassbackAttempt",
    "PeerRequest",
    "Platform",
    "PlatformStatus",
    "Project",
    "ProjectMember",
    "Reflection",
    "RegistrationInvite",
    "RegistrationSource",
    "ResourceLink",
    "ReviewEntry",
    "ScoreOutbox",
    "StageSignoff",
    "ToolKey",
    "User",
    "Worksheet",
    "WorksheetRevision",
]
