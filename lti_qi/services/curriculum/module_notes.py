"""You said, we did: what the course team changed in a module after learners' feedback.

Designers publish a short note per module, pairing what learners said (in the end-of-module
survey) with what the team did about it; learners see the module's notes on its page, so
the feedback cycle is visible to those who gave the feedback. Notes belong to one course.
"""

from __future__ import annotations

from sqlalchemy import select

from lti_qi.domain.course import Module
from lti_qi.domain.worksheets import tidy_text
from lti_qi.errors import InvalidInput, NotFound
from lti_qi.extensions import db
from lti_qi.models import ModuleNote
from lti_qi.services.base.actors import Actor
from lti_qi.services.content import course_settings

YOU_SAID_MAX = 500
WE_DID_MAX = 1000


def published(context_id: int, module: Module) -> list[ModuleNote]:
    """Return a module's notes in this course, newest first."""
    query = (
        select(ModuleNote)
        .where(ModuleNote.context_id == context_id, ModuleNote.item_id == module.id)
        .order_by(ModuleNote.created_at.desc(), ModuleNote.id.desc())
    )
    return list(db.session.scalars(query))


def publish(actor: Actor, slug: str, you_said: str, we_did: str) -> Module:
    """Publish a note on a module of the actor's course (the caller checks they design it).

    Returns:
        The module the note is on.

    Raises:
        NotFound: when the course's pathway has no such module.
        InvalidInput: when either part is empty or too long.
    """
    module = course_settings.pathway(actor.context_id).find_module(slug)
    if module is None:
        raise NotFound("That module is not part of this course's pathway.")
    said, did = tidy_text(you_said, one_line=False), tidy_text(we_did, one_line=False)
    if not said or not did:
        raise InvalidInput(
            "Write both parts: what learners said, and what you did about it.",
            hint="For example: “You said the examples were all from wards” and “We added "
            "examples from clinics and community teams”.",
        )
    if len(said) > YOU_SAID_MAX or len(did) > WE_DID_MAX:
        raise InvalidInput(
            f"Keep it short: up to {YOU_SAID_MAX} characters for what learners said, "
            f"and {WE_DID_MAX} for what you did."
        )
    db.session.add(
        ModuleNote(
            context_id=actor.context_id,
            item_id=module.id,
            you_said=said,
            we_did=did,
            author_id=actor.user_id,
        )
    )
    db.session.flush()
    return module


def withdraw(actor: Actor, note_id: int) -> None:
    """Take a note of the actor's course down.

    Raises:
        NotFound: when the course has no such note.
    """
    note = db.session.get(ModuleNote, note_id)
    if note is None or note.context_id != actor.context_id:
        raise NotFound("That note is not in this course (it may have been taken down already).")
    db.session.delete(note)
    db.session.flush()
