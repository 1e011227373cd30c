"""SQLAlchemy models, one module per aggregate. Importing this package registers them all."""

from lti_qi.models.identity import Context, Membership, ResourceLink, User
from lti_qi.models.keys import ToolKey
from lti_qi.models.platform import Deployment, Platform, PlatformStatus, RegistrationSource

__all__ = [
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
