"""What follows a change in a learner's progress, in the same unit of work as the change.

Scores are queued for the learner's LMS (``passback``) and any CPD record the learner has
just earned is created (``certificates``), before the caller commits: the change, its scores
and its records are saved together or not at all.
"""

from __future__ import annotations

from lti_qi.services.credentials import certificates
from lti_qi.services.passback import score_queue


def progress_changed(user_id: int, context_id: int, *, may_complete: bool = True) -> None:
    """Queue the learner's scores and issue what they earned; never commits.

    ``may_complete=False`` skips the CPD check where nothing can have been completed (an
    activity merely opened).
    """
    score_queue.queue_progress(user_id, context_id)
    if may_complete:
        certificates.issue_completions(user_id, context_id)
