"""SQLAlchemy models, one module per aggregate. Importing this package registers them all."""

from lti_qi.models.curriculum import ContentAsset, ContentItem, ContentPack, CourseSetting, ItemKind
from lti_qi.models.identity import Context, Membership, ResourceLink, User
from lti_qi.models.keys import ToolKey
from lti_qi.models.platform import Deployment, Platform, PlatformStatus, RegistrationSource
from lti_qi.models.progress import (
    ActivityProgress,
    CheckAttempt,
    Evidence,
    ModuleFeedback,
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
    "CourseSetting",
    "Evidence",
    "ItemKind",
    "MemberRole",
    "ModuleFeedback",
    "Project",
    "ProjectMember",
    "Reflection",
    "StageSignoff",
    "Worksheet",
    "WorksheetRevision",
    "Context",
    "Deployment",
    "Membership",
    "Platform",
    "PlatformStatus",
    "RegistrationSource",
    "ResourceLink",
    "ToolKey",
    "User",
]
