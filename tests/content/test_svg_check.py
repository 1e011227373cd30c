"""Pack figures in SVG pass an allow-list of elements and attributes, however a script is spelt."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from lti_qi.content.svg_check import svg_danger

if TYPE_CHECKING:
    from tests.content.conftest import PackCopy

BUNDLED = Path(__file__).parents[2] / "lti_qi" / "content" / "packs"
OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
SCRIPTED = {
    "slash before the handler": '<svg/onload="alert(1)" xmlns="http://www.w3.org/2000/svg"/>',
    "handler on a shape": f'{OPEN}<circle r="4" onclick="alert(1)"/></svg>',
    "encoded colon in a link": f'{OPEN}<a xlink:href="javascript&#58;alert(1)"/></svg>',
    "encoded colon in a use": f'{OPEN}<use href="javascript&#58;alert(1)"/></svg>',
    "script element": f"{OPEN}<script>alert(1)</script></svg>",
    "foreign object": f'{OPEN}<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"/></foreignObject></svg>',
    "style element": f"{OPEN}<style>@import url(https://evil.example/x.css);</style></svg>",
    "outside link": f'{OPEN}<use xlink:href="https://evil.example/x.svg#a"/></svg>',
    "data url": f'{OPEN}<rect fill="url(data:image/svg+xml;base64,PHN2Zz4=)"/></svg>',
    "script in a style": f'{OPEN}<rect style="background:url(javascript:alert(1))"/></svg>',
    "document type": f'<!DOCTYPE svg [<!ENTITY a "b">]>{OPEN}<text>&a;</text></svg>',
    "not xml": "<svg><circle r=4></svg>",
}  # fmt: skip


@pytest.mark.parametrize("svg", SCRIPTED.values(), ids=SCRIPTED.keys())
def test_anything_that_could_run_is_refused(svg: str) -> None:
    assert svg_danger(svg.encode()) is not None


def test_a_plain_drawing_with_local_references_is_allowed() -> None:
    svg = (
        f'{OPEN}<defs><marker id="arrow"><path d="M0 0L4 2z"/></marker></defs>'
        '<line x1="0" y1="0" x2="9" y2="9" stroke="#000" marker-end="url(#arrow)"/>'
        '<use xlink:href="#arrow"/><text x="1" y="2" font-size="12">Runs</text></svg>'
    )
    assert svg_danger(svg.encode()) is None


@pytest.mark.parametrize("figure", sorted(BUNDLED.glob("*/figures/*.svg")), ids=lambda p: p.name)
def test_the_bundled_figures_are_allowed(figure: Path) -> None:
    assert svg_danger(figure.read_bytes()) is None


def test_a_pack_with_an_encoded_javascript_link_is_refused_with_its_line(pack: PackCopy) -> None:
    pack.write(
        "figures/pdsa-cycle.svg",
        f'{OPEN}\n<circle r="4"/>\n<a xlink:href="javascript&#58;alert(1)"/>\n</svg>\n',
    )
    [problem] = pack.problems()
    assert (problem.file, problem.line) == ("figures/pdsa-cycle.svg", 3)
    assert "may not hold scripts" in problem.message
