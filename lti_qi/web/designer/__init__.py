"""Designer pages: class progress, sign-offs, module feedback, content and preview."""

from flask import Blueprint

from lti_qi.domain.course import Role

bp = Blueprint("designer", __name__, url_prefix="/s/<launch>/designer")
DESIGNERS = (Role.DESIGNER, Role.ADMINISTRATOR)  # every designer page admits these roles

from lti_qi.web.designer import (  # noqa: E402, F401  (registers routes)
    content_views,
    note_views,
    preview_views,
    views,
)
