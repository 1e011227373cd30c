"""What the worksheet diagram tests share: reading the SVG drawn, a driver diagram of any size."""

import xml.etree.ElementTree as ET

from lti_qi.domain.worksheets import WorksheetKind, validate_worksheet

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 - parses our own output, not untrusted input


def texts(root):
    return " ".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))


def driver_document(primaries=3, secondaries=3, ideas=2, text="Driver"):
    document = {
        "aim": "To reduce untouched lunch trays from 20% to 10% by 31 March 2027 on Wards 4 and 5",
        "primary_drivers": [
            {
                "text": f"{text} {p}",
                "secondary_drivers": [
                    {
                        "text": f"Secondary {p}.{s}",
                        "change_ideas": [
                            {"text": f"Idea {p}.{s}.{i}", "test_first": i == 0 and s == 0}
                            for i in range(ideas)
                        ],
                    }
                    for s in range(secondaries)
                ],
            }
            for p in range(primaries)
        ],
    }
    return validate_worksheet(WorksheetKind.DRIVER_DIAGRAM, document).document
