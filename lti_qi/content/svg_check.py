"""Pack figures in SVG: only elements and attributes on an allow-list, so nothing in one can run.

Figures are served from the tool's own origin, where an SVG opened on its own runs its scripts,
event handlers (``<svg/onload=...>``) and ``javascript:`` links, however they are spelt
(``javascript&#58;`` is the same link once the XML is read). So a figure is read as XML and
every element and attribute must be one a drawing needs; attribute values are checked after
the XML has decoded them. A document type (and so any entity) is refused outright. Editors'
own notes (Inkscape, Sodipodi, RDF metadata) are inert and allowed.
"""

import re
from xml.parsers import expat

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


INERT_NAMESPACES = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://creativecommons.org/ns#",
        "http://purl.org/dc/elements/1.1/",
        "http://www.w3.org/XML/1998/namespace",
    }
)
ELEMENTS = _names(
    """
    svg g defs symbol use title desc metadata path rect circle ellipse line polyline polygon
    text tspan textPath marker linearGradient radialGradient stop clipPath mask pattern filter
    feGaussianBlur feOffset feBlend feColorMatrix feFlood feComposite feMerge feMergeNode
    feDropShadow
    """
)
ATTRIBUTES = _names(
    """
    id class lang role tabindex focusable version baseProfile viewBox preserveAspectRatio x y
    x1 x2 y1 y2 cx cy r rx ry fx fy dx dy d points width height transform pathLength fill
    fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-dasharray
    stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit opacity color display
    visibility overflow clip-path clip-rule clipPathUnits mask maskUnits maskContentUnits
    filter filterUnits primitiveUnits in in2 result stdDeviation mode operator values type k1
    k2 k3 k4 flood-color flood-opacity font-family font-size font-weight font-style
    font-variant text-anchor dominant-baseline alignment-baseline baseline-shift
    letter-spacing word-spacing text-decoration writing-mode textLength lengthAdjust
    startOffset marker-start marker-mid marker-end markerWidth markerHeight markerUnits orient
    refX refY offset stop-color stop-opacity gradientUnits gradientTransform spreadMethod
    patternUnits patternContentUnits patternTransform style href aria-label aria-labelledby
    aria-describedby aria-hidden
    """
)
LINKS = frozenset({"href", f"{XLINK} href"})
"""Attributes that refer to something: only to a part of the same drawing (``#arrow``)."""
UNSAFE_VALUE = re.compile(
    r"javascript:|vbscript:|data:|expression\s*\(|@import|url\s*\(\s*['\"]?(?!#)", re.IGNORECASE
)


class _Refused(Exception):
    def __init__(self, found: str, line: int) -> None:
        super().__init__(found)
        self.found, self.line = found, line


def svg_danger(content: bytes) -> tuple[str, int | None] | None:
    """Return what in an SVG figure is not allowed (as written) and its line, or None if nothing.

    The answer names an element (``<script>``), an attribute (``onload``), a value
    (``javascript:``), a document type, or says the file is not well-formed XML.
    """
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(found: str, needle: bytes = b"") -> None:
        start = parser.CurrentByteIndex
        at = content.find(needle, start) if needle else -1
        line = content[: at if at >= 0 else start].count(b"\n") + 1
        raise _Refused(found, line)

    def element(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if namespace in INERT_NAMESPACES:
            return
        if namespace != SVG or local not in ELEMENTS:
            refuse(f"<{local}>")
        for attribute, value in attributes.items():
            problem = _attribute_problem(attribute, value)
            if problem:
                refuse(problem, attribute.rpartition(" ")[2].encode())

    def doctype(*_: object) -> None:
        refuse("<!DOCTYPE")

    parser.StartElementHandler = element
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(content, True)
    except _Refused as refused:
        return refused.found, refused.line
    except expat.ExpatError as error:
        return f"not well-formed XML ({expat.ErrorString(error.code)})", error.lineno
    return None


def _attribute_problem(attribute: str, value: str) -> str | None:
    namespace, _, local = attribute.rpartition(" ")
    if namespace in INERT_NAMESPACES:
        return None
    if (namespace and attribute not in LINKS) or (not namespace and local not in ATTRIBUTES):
        return local
    if attribute in LINKS and not value.startswith("#"):
        return f'{local}="{value[:40]}"'
    unsafe = UNSAFE_VALUE.search(value)
    return unsafe.group() if unsafe else None
