"""The fishbone (Ishikawa, cause-and-effect) diagram: its causes, and drawing it.

The problem sits in the head of the fish on the right; each category is a bone that slants
into the spine, alternately above and below it, with its causes written along it (qi.md 2.3).
Causes the team marked as most likely are drawn in bold and named in the description, so the
meaning does not rest on colour. The categories are the learner's own (the usual six are only
a starting point), and a bone grows as long as its list of causes.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from lti_qi.domain import svg
from lti_qi.domain.values import join_words, shorten

SIZE = 12.0
SLOT = 240.0
HEAD = 210.0
MARGIN = 16.0
LABEL = 30.0
SLANT = 0.3
"""How far a bone leans towards the head, as a share of the slot width."""


@dataclass(frozen=True)
class Cause:
    """A possible cause on the fishbone, with the deeper "why?" if the team added one."""

    text: str
    deeper: str
    is_likely: bool


@dataclass(frozen=True)
class Category:
    """A bone of the fishbone: a heading and its causes."""

    name: str
    causes: tuple[Cause, ...]


def fishbone_categories(document: Mapping[str, object]) -> list[Category]:
    """Return the categories of a fishbone worksheet with their causes (blank ones left out)."""
    entries = document.get("categories")
    categories = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
            causes = entry.get("causes")
            found = [_read_cause(c) for c in causes] if isinstance(causes, list) else []
            categories.append(Category(entry["name"], tuple(c for c in found if c)))
    return categories


def _read_cause(entry: object) -> Cause | None:
    if not isinstance(entry, Mapping) or not isinstance(entry.get("cause"), str):
        return None
    deeper = entry.get("deeper_cause")
    return Cause(
        entry["cause"], deeper if isinstance(deeper, str) else "", entry.get("most_likely") is True
    )


def likely_causes(document: Mapping[str, object]) -> list[str]:
    """Return the causes the team marked as most likely, in order (for the Pareto tally)."""
    return [
        c.text for category in fishbone_categories(document) for c in category.causes if c.is_likely
    ]


def describe_fishbone(problem: str, categories: list[Category]) -> str:
    """Return the fishbone in words: the problem, then each category and its causes."""
    if not problem and not categories:
        return "The fishbone diagram is empty so far: write the problem and add categories."
    head = f"“{shorten(problem, 200)}”" if problem else "a problem still to be written"
    sentences = [f"Fishbone diagram of possible causes of {head}, in {len(categories)} categories."]
    for category in categories:
        causes = [
            f"“{shorten(c.text, 80)}”" + (" (most likely)" if c.is_likely else "")
            for c in category.causes
        ]
        listed = join_words(causes) if causes else "no causes yet"
        sentences.append(f"{shorten(category.name, 60)}: {listed}.")
    return " ".join(sentences)


def render_fishbone_svg(
    document: Mapping[str, object],
    *,
    title: str = "Fishbone diagram",
    id_prefix: str = "fishbone",
) -> str:
    """Return a fishbone worksheet drawn as an accessible SVG."""
    problem = document.get("problem")
    problem = problem if isinstance(problem, str) else ""
    categories = fishbone_categories(document)
    top, bottom = categories[0::2], categories[1::2]
    up = max((_bone_length(c) for c in top), default=60.0)
    down = max((_bone_length(c) for c in bottom), default=60.0)
    spine = MARGIN + LABEL + up
    columns = max(1, len(top))
    body = [_spine(spine, columns), _head(problem, columns, spine)]
    body += [_bone(c, i, spine, -up) for i, c in enumerate(top)]
    body += [_bone(c, i, spine, down) for i, c in enumerate(bottom)]
    height = spine + down + LABEL + MARGIN
    if _any_likely(categories):
        body.append(svg.text_lines([_KEY], MARGIN, height - 12, SIZE))
        height += 20
    width = MARGIN * 2 + columns * SLOT + HEAD
    description = describe_fishbone(problem, categories)
    prefix = svg.safe_id(id_prefix, "fishbone")
    return svg.svg_document(prefix, width, height, title, description, "".join(body))


_KEY = "Causes in bold: the team's most likely causes."


def _any_likely(categories: list[Category]) -> bool:
    return any(c.is_likely for category in categories for c in category.causes)


ROOM = SLOT * (1 - SLANT) - 24
"""Width for a cause's text, between the slot's left edge and its bone."""


def _cause_lines(cause: Cause) -> tuple[list[str], list[str]]:
    lines = svg.wrap(cause.text, ROOM, SIZE, max_lines=4)
    deeper = svg.wrap(f"why? {cause.deeper}", ROOM - 12, SIZE, max_lines=3) if cause.deeper else []
    return lines, deeper


def _cause_height(cause: Cause) -> float:
    lines, deeper = _cause_lines(cause)
    return svg.text_height(lines + deeper, SIZE)


def _bone_length(category: Category) -> float:
    causes = sum(_cause_height(c) + 8 for c in category.causes)
    return max(60.0, causes + 24)


def _spine(y: float, columns: int) -> str:
    end = MARGIN + columns * SLOT
    return svg.line(MARGIN, y, end, y, f'stroke="{svg.INK}" stroke-width="3"')


def _head(problem: str, columns: int, spine: float) -> str:
    x = MARGIN + columns * SLOT
    lines = svg.wrap(problem or "No problem written yet", HEAD - 24, 13, max_lines=10)
    height = svg.text_height(lines, 13) + 20
    frame = svg.rect(
        x,
        spine - height / 2,
        HEAD,
        height,
        f'rx="10" fill="#dde6f2" stroke="{svg.INK}" stroke-width="2"',
    )
    words = svg.text_lines(lines, x + 12, spine - height / 2 + 7, 13, attrs='font-weight="bold"')
    return f'<g class="head">{frame}{words}</g>'


def _bone(category: Category, index: int, spine: float, length: float) -> str:
    """Draw one bone: a negative `length` goes up from the spine, a positive one down."""
    left = MARGIN + index * SLOT
    joint = left + SLOT - 12
    far_x, far_y = joint - SLOT * SLANT, spine + length
    parts = [svg.line(far_x, far_y, joint, spine, f'stroke="{svg.INK}" stroke-width="2"')]
    label_top = far_y - LABEL + 4 if length < 0 else far_y + 4
    name = [shorten(category.name, 28)]
    bold = 'font-weight="bold"'
    parts.append(svg.text_lines(name, far_x, label_top, 13, anchor="middle", attrs=bold))
    y = min(far_y, spine) + 12
    for cause in category.causes:
        bottom = y + _cause_height(cause)
        along = abs(bottom - far_y) / abs(length)
        parts.append(_cause(cause, left, y, far_x + (joint - far_x) * along))
        y = bottom + 8
    return f'<g class="bone">{"".join(parts)}</g>'


def _cause(cause: Cause, left: float, top: float, bone_x: float) -> str:
    lines, deeper = _cause_lines(cause)
    weight = 'font-weight="bold"' if cause.is_likely else ""
    words = svg.text_lines(lines, left + 8, top, SIZE, attrs=weight)
    below = top + svg.text_height(lines, SIZE)
    why = (
        svg.text_lines(deeper, left + 20, below, SIZE, attrs='font-style="italic"')
        if deeper
        else ""
    )
    rule = svg.line(
        left + 4,
        below + svg.text_height(deeper, SIZE) + 3,
        bone_x,
        below + svg.text_height(deeper, SIZE) + 3,
        f'stroke="{svg.LINE}"',
    )
    return words + why + rule
