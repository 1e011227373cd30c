"""The end-of-module survey: a learner rates a module they have completed, and comments.

Only a completed module (its stages done, and signed off where a mentor must) can be rated,
so learners rate what they worked through; each learner keeps one answer per module, which
they may change. Designers read the results in ``feedback_results``.
"""

from __future__ import annotations

from lti_qi.domain.course import Module
from lti_qi.domain.worksheets import tidy_text
from lti_qi.errors import Forbidden, InvalidInput, NotFound
from lti_qi.extensions import db
from lti_qi.models import ModuleFeedback
from lti_qi.services.base import projects, upserts
from lti_qi.services.base.actors import Actor
from lti_qi.services.curriculum.learning import LearnerView


def feedback_module(view: LearnerView, slug: str) -> Module:
    """Return a module the learner may give feedback on: one they have completed.

    Raises:
        NotFound: when the pathway has no such module.
        Forbidden: when the learner has not completed it yet.
    """
    summary = next((m for m in view.summary.modules if m.module.slug == slug), None)
    if summary is None:
        raise NotFound("That module is not part of this course's pathway.")
    if not summary.is_complete:
        raise Forbidden(
            f"You can give feedback on “{summary.module.title}” once you have completed it.",
            hint="Finish its stages (with your mentor's sign-off where it is needed), then "
            "open the survey from the module page.",
        )
    return summary.module


def leave_feedback(
    actor: Actor, view: LearnerView, module: Module, rating: int, comment: str
) -> ModuleFeedback:
    """Record (or update) the learner's rating and comment on a module they have completed.

    Raises:
        Forbidden: when the person is course staff on no team, or the module is not complete.
        InvalidInput: when the rating is not from 1 to 5.
    """
    projects.require_can_work(actor)
    feedback_module(view, module.slug)
    if not 1 <= rating <= 5:
        raise InvalidInput("Choose a rating from 1 (poor) to 5 (excellent).")
    key = {"user_id": actor.user_id, "context_id": actor.context_id, "item_id": module.id}
    feedback = upserts.row_for(ModuleFeedback, key, {"rating": rating})
    feedback.rating, feedback.comment = rating, tidy_text(comment, one_line=False) or None
    db.session.flush()
    return feedback
