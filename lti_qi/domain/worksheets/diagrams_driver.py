"""Drawing a driver diagram: four columns of boxes, left to right, joined by lines.

Columns are, in order, the aim, primary drivers, secondary drivers and change ideas, each
under its heading. Every box sits level with the middle of the boxes it leads to, so each
driver's branch reads as one block; a box taller than its branch pushes the branch apart.
Levels differ by column, heading and shade (lightest for change ideas); change ideas chosen
for the first test have a thick border and say "Test first", so the meaning survives greyscale.
Each box carries its id as `data-id` so the page can link a box to its PDSA cycles.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from lti_qi.domain import svg
from lti_qi.domain.worksheets.drivers import (
    DriverLevel,
    OutlineItem,
    describe_driver_diagram,
    driver_outline,
)

SIZE = 13.0
PADDING = 8.0
GAP_X = 40.0
GAP_Y = 12.0
MARGIN = 16.0
HEADING = 36.0
FILLS = {
    DriverLevel.AIM: "#c9d7ea",
    DriverLevel.PRIMARY: "#dde6f2",
    DriverLevel.SECONDARY: "#eef2f7",
    DriverLevel.CHANGE_IDEA: "#ffffff",
}
"""Box shades by level: blue-greys that grow lighter left to right, also in greyscale."""


@dataclass(frozen=True)
class _Box:
    item: OutlineItem
    x: float
    y: float
    width: float
    lines: tuple[str, ...]

    @property
    def height(self) -> float:
        return svg.text_height(self.lines, SIZE) + 2 * PADDING

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


def render_driver_diagram_svg(
    document: Mapping[str, object],
    *,
    title: str = "Driver diagram",
    id_prefix: str = "driver-diagram",
    width: float = 1000.0,
) -> str:
    """Return a driver diagram worksheet drawn as an accessible SVG.

    Args:
        document: A validated driver diagram worksheet.
        title: The drawing's title, for `<title>`.
        id_prefix: Prefix for element ids, unique on the page when several diagrams share it.
        width: Width in pixels of the drawing's coordinate space (it scales to its container).
    """
    outline = driver_outline(document)
    column = (width - 2 * MARGIN - 3 * GAP_X) / 4
    layout, root = _Layout(column), _with_placeholder(outline)
    layout.place(root, MARGIN + HEADING)
    height = MARGIN + HEADING + layout.block(root)
    links = [_connector(parent, child) for parent, child in layout.links]
    body = [_headings(column), *links, *(_box(box) for box in layout.boxes)]
    prefix = svg.safe_id(id_prefix, "driver-diagram")
    description = describe_driver_diagram(outline)
    return svg.svg_document(prefix, width, height + MARGIN, title, description, "".join(body))


def _with_placeholder(outline: OutlineItem) -> OutlineItem:
    if outline.text:
        return outline
    return OutlineItem(DriverLevel.AIM, "", "No aim written yet", outline.children)


class _Layout:
    """Places boxes column by column; each branch is as tall as its box or its children."""

    def __init__(self, column: float) -> None:
        self.column = column
        self.boxes: list[_Box] = []
        self.links: list[tuple[_Box, _Box]] = []
        self._blocks: dict[int, float] = {}

    def place(self, item: OutlineItem, top: float, depth: int = 0) -> _Box:
        """Place an item's box and its whole branch, starting at `top`; return its box."""
        lines = self.lines(item)
        own = svg.text_height(lines, SIZE) + 2 * PADDING
        block = self.block(item)
        x = MARGIN + depth * (self.column + GAP_X)
        box = _Box(item, x, top + (block - own) / 2, self.column, lines)
        self.boxes.append(box)
        child_top = top + (block - self._children_height(item)) / 2
        for child in item.children:
            self.links.append((box, self.place(child, child_top, depth + 1)))
            child_top += self.block(child) + GAP_Y
        return box

    def block(self, item: OutlineItem) -> float:
        """Return the height of an item's branch: its own box or its children, if taller."""
        key = id(item)
        if key not in self._blocks:
            own = svg.text_height(self.lines(item), SIZE) + 2 * PADDING
            self._blocks[key] = max(own, self._children_height(item))
        return self._blocks[key]

    def lines(self, item: OutlineItem) -> tuple[str, ...]:
        """Return the lines of text in an item's box."""
        label = f"{item.id}: {item.text}" if item.id else item.text
        lines = svg.wrap(label, self.column - 2 * PADDING, SIZE)
        return (*lines, "Test first") if item.is_first_test else tuple(lines)

    def _children_height(self, item: OutlineItem) -> float:
        heights = [self.block(child) for child in item.children]
        return sum(heights) + GAP_Y * max(0, len(heights) - 1)


def _headings(column: float) -> str:
    return "".join(
        svg.text_lines(
            [level.label],
            MARGIN + index * (column + GAP_X) + column / 2,
            MARGIN,
            14,
            anchor="middle",
            attrs='font-weight="bold"',
        )
        for index, level in enumerate(DriverLevel)
    )


def _connector(parent: _Box, child: _Box) -> str:
    start, end = parent.x + parent.width, child.x
    middle = start + GAP_X / 2
    path = (
        f"M{svg.fmt(start)} {svg.fmt(parent.middle)} H{svg.fmt(middle)} "
        f"V{svg.fmt(child.middle)} H{svg.fmt(end)}"
    )
    return f'<path d="{path}" fill="none" stroke="{svg.LINE}" stroke-width="1.5"/>'


def _box(box: _Box) -> str:
    item = box.item
    stroke = "3" if item.is_first_test else "1"
    frame = svg.rect(
        box.x,
        box.y,
        box.width,
        box.height,
        f'rx="4" fill="{FILLS[item.level]}" stroke="{svg.INK}" stroke-width="{stroke}"',
    )
    words = svg.text_lines(box.lines, box.x + PADDING, box.y + PADDING - 3, SIZE)
    data_id = f' data-id="{svg.escape(item.id)}"' if item.id else ""
    return f'<g class="{item.level.value}"{data_id}>{frame}{words}</g>'
