"""What checking a worksheet finds: a problem at one place in it, and what that problem stops.

Worksheets are drafts for most of their life, so problems come in three strengths
(`Severity`). Both validation against the spec and the checks across worksheets report
`FieldProblem`s, so the page shows them the same way.
"""

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """What a problem stops."""

    ERROR = "error"
    """The document cannot be saved until this is fixed."""
    MISSING = "missing"
    """The document can be saved as a draft but not submitted."""
    NOTE = "note"
    """For information only."""


@dataclass(frozen=True)
class FieldProblem:
    """Something to fix or know about, at one place in a worksheet."""

    path: str
    message: str
    severity: Severity = Severity.MISSING
