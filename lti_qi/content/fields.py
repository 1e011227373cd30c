"""The field types of a content-pack manifest: ids, versions, CPD hours, paths in the pack.

Each type validates with a message a course designer can act on: a failure is raised with
`rule_error`, whose context carries the fix that `problems` shows next to the message.

- `Slug`: a stable id: lowercase letters, digits and single hyphens.
- `SemVer`: a semantic version such as "1.0.0".
- `CpdHours`: positive hours in 15-minute steps (the UK/US CPD convention).
- `PagePath`: a Markdown file under pages/, written from the pack folder, never leaving it.
"""

import re
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

RULE_ERROR_TYPE = "pack_rule"
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SEMVER_PATTERN = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?"
)
LANGUAGE_PATTERN = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def rule_error(message: str, fix: str) -> PydanticCustomError:
    """Build the validation error for a broken pack rule, carrying its fix."""
    return PydanticCustomError(RULE_ERROR_TYPE, "{message}", {"message": message, "fix": fix})


def pack_path_error(
    path: str, *, folder: str, suffixes: tuple[str, ...]
) -> PydanticCustomError | None:
    """Return why `path` is not a file path inside the pack's `folder`, or None if it is.

    Args:
        path: The path as written by the designer, relative to the pack root.
        folder: The top-level folder the file must be in, e.g. "pages".
        suffixes: The allowed file name endings, lower case, e.g. (".md",).
    """
    parts = path.split("/")
    if path.startswith("/") or "\\" in path or ":" in parts[0] or ".." in parts or "" in parts:
        return rule_error(
            f'"{path}" is not a path inside the pack.',
            "write it from the pack folder, with forward slashes and without ..: "
            f'"{folder}/name{suffixes[0]}"',
        )
    if parts[0] != folder or len(parts) < 2 or not path.lower().endswith(suffixes):
        return rule_error(
            f'"{path}" is not a {"/".join(suffixes)} file in the pack\'s {folder}/ folder.',
            f'move the file into {folder}/ and write e.g. "{folder}/name{suffixes[0]}"',
        )
    return None


def _check_slug(value: str) -> str:
    if not SLUG_PATTERN.fullmatch(value):
        raise rule_error(
            f'"{value}" is not a valid id.',
            "use lowercase letters, digits and single hyphens, e.g. aim-learn",
        )
    return value


def _check_semver(value: str) -> str:
    if not SEMVER_PATTERN.fullmatch(value):
        raise rule_error(
            f'"{value}" is not a semantic version.', 'use MAJOR.MINOR.PATCH in quotes, e.g. "1.0.0"'
        )
    return value


def _check_language(value: str) -> str:
    if not LANGUAGE_PATTERN.fullmatch(value):
        raise rule_error(f'"{value}" is not a language tag.', "use a BCP 47 tag, e.g. en-GB")
    return value


def _check_quarter_hours(value: float) -> float:
    if not (value * 4).is_integer():
        raise rule_error(
            f"{value} CPD hours is not a whole number of quarter hours.",
            f"use 15-minute steps, e.g. {round(value * 4) / 4 or 0.25}",
        )
    return value


def _check_web_url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/$.?#][^\s]*", value):
        raise rule_error(f'"{value}" is not a web address.', "use a full http:// or https:// URL")
    return value


def _check_page_path(value: str) -> str:
    error = pack_path_error(value, folder="pages", suffixes=(".md",))
    if error is not None:
        raise error
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Minutes = Annotated[int, Field(gt=0, le=100_000)]
CpdHours = Annotated[float, Field(gt=0, le=1000), AfterValidator(_check_quarter_hours)]
PagePath = Annotated[str, AfterValidator(_check_page_path)]
SemVer = Annotated[str, AfterValidator(_check_semver)]
LanguageTag = Annotated[str, AfterValidator(_check_language)]
WebUrl = Annotated[str, AfterValidator(_check_web_url)]
