"""The community space, project discussions and the inbox, for every role."""

from flask import Blueprint, g

from lti_qi.services.collaboration import notifications

bp = Blueprint("collaboration", __name__, url_prefix="/s/<launch>")


@bp.app_context_processor
def inbox_counter() -> dict[str, object]:
    """Give tool pages ``unread_count()``: one COUNT per request, run only if a page asks."""

    def unread_count() -> int:
        actor = g.get("actor")
        if actor is None:
            return 0
        if "unread_count" not in g:
            g.unread_count = notifications.unread_count(actor.user_id)
        return int(g.unread_count)

    return {"unread_count": unread_count}


from lti_qi.web.collaboration import views  # noqa: E402, F401  (registers routes)
