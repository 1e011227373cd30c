"""The files a manifest refers to: Markdown pages and the figures those pages show.

A page must exist inside the pack (a symbolic link may not lead out of it), be non-empty UTF-8,
start its headings at level 2 and give every image alt text. An image must be a PNG, JPEG or
SVG file in figures/, and an SVG must not carry scripts: figures are served from the tool's own
origin, where a script in an SVG opened on its own would run.
"""

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from lti_qi.content import fields, render, svg_check
from lti_qi.content.problems import MANIFEST_FILE, Problem

FIGURE_MEDIA_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
MAX_FIGURE_BYTES = 5_000_000
_SIGNATURES = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff"}


class Figure(NamedTuple):
    """An image file from the pack: its bytes and media type."""

    content: bytes
    media_type: str


class Reference(NamedTuple):
    """Where a file is referred to from: the referring file and line."""

    file: str
    line: int | None


@dataclass
class PackFiles:
    """The pages and figures read from a pack, and the problems met reading them."""

    pages: dict[str, str] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_files(root: Path, pages: Iterable[tuple[str, int | None]]) -> PackFiles:
    """Check and read the given pages and every figure they show.

    Args:
        root: The pack folder.
        pages: Each page path, as written in pack.yaml, with the line that names it.
    """
    found = PackFiles()
    figure_references: dict[str, Reference] = {}
    lines_by_page: dict[str, int | None] = {}
    for path, line in pages:
        lines_by_page.setdefault(path, line)
    for path, line in lines_by_page.items():
        if fields.pack_path_error(path, folder="pages", suffixes=(".md",)) is not None:
            continue  # the schema already reports a malformed page path
        text = _read_page(root, path, Reference(MANIFEST_FILE, line), found.problems)
        if text is not None:
            found.pages[path] = text
            for element in render.page_elements(text):
                found.problems.extend(_element_problems(path, element, figure_references))
    for path, reference in figure_references.items():
        figure = _read_figure(root, path, reference, found.problems)
        if figure is not None:
            found.figures[path] = figure
    return found


def _read_page(root: Path, path: str, reference: Reference, problems: list[Problem]) -> str | None:
    content = _read_inside(root, path, reference, problems)
    if content is None:
        return None
    try:
        text = content.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        problems.append(Problem(path, line, "the page is not UTF-8 text.", "save it as UTF-8"))
        return None
    if not text.strip():
        problems.append(Problem(path, None, "the page is empty.", "write the page, or remove it"))
        return None
    return text


def _read_inside(
    root: Path, path: str, reference: Reference, problems: list[Problem]
) -> bytes | None:
    """Read a file named relative to the pack root, if it exists and stays inside the pack."""
    candidate = root / path
    if not candidate.is_file() or not _has_exact_case(root, path):
        problems.append(
            Problem(*reference, f'"{path}" does not exist.', _missing_file_fix(root, path))
        )
        return None
    if not candidate.resolve().is_relative_to(root.resolve()):
        problems.append(
            Problem(
                *reference,
                f'"{path}" leads outside the pack through a symbolic link.',
                "copy the file into the pack instead of linking to it",
            )
        )
        return None
    return candidate.read_bytes()


def _has_exact_case(root: Path, path: str) -> bool:
    """Check the spelling, case included, so a pack that works on macOS works on Linux too."""
    folder = root
    for part in path.split("/"):
        if part not in {child.name for child in folder.iterdir()}:
            return False
        folder = folder / part
    return True


def _missing_file_fix(root: Path, path: str) -> str:
    folder = path.split("/")[0]
    existing = [p.relative_to(root).as_posix() for p in (root / folder).rglob("*") if p.is_file()]
    close = difflib.get_close_matches(path, existing, n=1, cutoff=0.6)
    if close:
        return f'did you mean "{close[0]}"?'
    return "create the file, or correct the path (written from the pack folder)"


def _element_problems(
    page: str, element: render.PageElement, figure_references: dict[str, Reference]
) -> Iterator[Problem]:
    if element.tag == "h1":
        yield Problem(
            page,
            element.line,
            "the page has a level-1 heading; the page template supplies that heading.",
            "use ## for the first heading",
        )
    elif element.tag == "img":
        yield from _image_problems(page, element, figure_references)
    elif element.tag not in render.PAGE_TAGS:
        yield Problem(
            page,
            element.line,
            f"<{element.tag}> is not allowed in pages and would be removed.",
            "use Markdown, or allowed HTML: figure, figcaption, details, summary, abbr, sup, sub",
        )


def _image_problems(
    page: str, element: render.PageElement, figure_references: dict[str, Reference]
) -> Iterator[Problem]:
    source = element.attributes.get("src", "")
    if not element.attributes.get("alt", "").strip():
        yield Problem(
            page,
            element.line,
            f'image "{source}" has no alt text.',
            f"say what the image shows in the brackets: ![what it shows]({source})",
        )
    suffixes = tuple(FIGURE_MEDIA_TYPES)
    path_error = fields.pack_path_error(source, folder="figures", suffixes=suffixes)
    if not render.is_relative_url(source) or path_error is not None:
        yield Problem(
            page,
            element.line,
            f'image "{source[:80]}" is not a PNG, JPEG or SVG file in the pack\'s figures/ folder.',
            "save the image in figures/ and write ![alt text](figures/name.svg)",
        )
    else:
        figure_references.setdefault(source, Reference(page, element.line))


def _read_figure(
    root: Path, path: str, reference: Reference, problems: list[Problem]
) -> Figure | None:
    content = _read_inside(root, path, reference, problems)
    if content is None:
        return None
    suffix = Path(path).suffix.lower()
    complaint = _figure_complaint(content, suffix)
    if complaint is not None:
        message, fix, line = complaint
        problems.append(Problem(path, line, message, fix))
        return None
    return Figure(content, FIGURE_MEDIA_TYPES[suffix])


def _figure_complaint(content: bytes, suffix: str) -> tuple[str, str, int | None] | None:
    if len(content) > MAX_FIGURE_BYTES:
        size = f"{len(content) / 1_000_000:.1f} MB"
        return f"the figure is {size}, over the 5 MB limit.", "export it smaller", None
    if suffix != ".svg":
        if content.startswith(_SIGNATURES[suffix]):
            return None
        return (
            f"the file is not a {suffix[1:].upper()} image.",
            "export it again in that format",
            None,
        )
    if b"<svg" not in content:
        return "the file is not an SVG image.", "export it again as SVG", None
    danger = svg_check.svg_danger(content)
    if danger is None:
        return None
    found, line = danger
    return (
        f'the SVG contains "{found}"; figures may not hold scripts or embedded content, '
        "only the elements and attributes of a drawing.",
        "export it again as plain SVG, without scripts, event handlers, links or embedded objects",
        line,
    )
