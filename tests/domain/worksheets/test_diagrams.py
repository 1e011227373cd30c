"""Worksheet diagrams: well-formed, accessible SVG that escapes learner text, empty to large."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lti_qi.domain.worksheets import WorksheetKind, validate_worksheet
from lti_qi.domain.worksheets.diagrams_driver import render_driver_diagram_svg
from lti_qi.domain.worksheets.diagrams_fishbone import (
    fishbone_categories,
    likely_causes,
    render_fishbone_svg,
)
from lti_qi.domain.worksheets.diagrams_pareto import render_pareto_svg
from lti_qi.domain.worksheets.diagrams_process import process_steps, render_process_map_svg
from lti_qi.domain.worksheets.pareto import pareto_table

from diagram_helpers import SVG, driver_document, parse, texts

EVIL = '<script>alert("x")</script> & "quotes"'


FISHBONE = {
    "problem": "Urgent CT transfer requests not picked up within 15 minutes",
    "categories": [
        {"name": "People", "causes": [{"cause": "No one free at 12:30", "most_likely": True}]},
        {"name": "Methods", "causes": [{"cause": "Requests phoned, not logged"}]},
        {"name": "Equipment", "causes": []},
    ],
}


PROCESS = {
    "start_point": "Doctor decides the patient can go home",
    "end_point": "Patient leaves the ward",
    "steps": [
        {"step": "Write discharge letter", "who": "FY1 doctor", "time": "30 min"},
        {"step": "Wait for medicines", "kind": "wait", "problems": "Up to 3 hours"},
        {"step": "Is transport needed?", "kind": "decision", "problems": "Yes: step 4"},
        {"step": "Book transport", "who": "Nurse"},
    ],
}


RENDERERS = {
    "driver": lambda doc, **kw: render_driver_diagram_svg(doc, **kw),
    "fishbone": lambda doc, **kw: render_fishbone_svg(doc, **kw),
    "process": lambda doc, **kw: render_process_map_svg(doc, **kw),
    "pareto": lambda doc, **kw: render_pareto_svg(doc, **kw),
}


EXAMPLES = {
    "driver": driver_document(),
    "fishbone": FISHBONE,
    "process": PROCESS,
    "pareto": pareto_table([("Away from bed", 42), ("Asleep", 20), ("Other", 9)]),
}


EMPTY = {"driver": {}, "fishbone": {}, "process": {}, "pareto": []}


@pytest.mark.parametrize("name", list(RENDERERS))
def test_diagrams_are_accessible_images_that_scale(name):
    root = parse(RENDERERS[name](EXAMPLES[name], title="My diagram", id_prefix="ws-1"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "ws-1-title ws-1-desc"
    assert root.find(f"{SVG}title").get("id") == "ws-1-title"
    assert root.find(f"{SVG}title").text == "My diagram"
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == "ws-1-desc"
    assert len(desc.text) > 40
    assert root.get("width") == "100%"
    assert len(root.get("viewBox").split()) == 4


@pytest.mark.parametrize("name", list(RENDERERS))
def test_empty_diagrams_still_draw_and_say_so(name):
    root = parse(RENDERERS[name](EMPTY[name]))
    desc = root.find(f"{SVG}desc").text
    assert "empty" in desc or "no counts" in desc.lower()


def test_learner_text_is_escaped_everywhere():
    documents = {
        "driver": {"aim": EVIL, "primary_drivers": [{"id": "P1", "text": EVIL}]},
        "fishbone": {"problem": EVIL, "categories": [{"name": EVIL, "causes": [{"cause": EVIL}]}]},
        "process": {"start_point": EVIL, "steps": [{"step": EVIL, "problems": EVIL}]},
        "pareto": pareto_table([(EVIL, 3)]),
    }
    for name, document in documents.items():
        svg = RENDERERS[name](document, title=EVIL, id_prefix='x"><script>')
        assert "<script>" not in svg, name
        root = parse(svg)
        assert not list(root.iter(f"{SVG}script"))
        assert '<script>alert("x")' in texts(root) + root.find(f"{SVG}desc").text


def test_characters_xml_cannot_hold_are_dropped():
    svg = render_fishbone_svg({"problem": "bad\x00\x08\ufffe text"})
    assert "bad text" in texts(parse(svg))


def test_fishbone_puts_categories_on_bones_and_likely_causes_in_bold():
    root = parse(render_fishbone_svg(FISHBONE))
    assert len([g for g in root.iter(f"{SVG}g") if g.get("class") == "bone"]) == 3
    bold = [t for t in root.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
    assert any("No one free at 12:30" in "".join(t.itertext()) for t in bold)
    assert "(most likely)" in root.find(f"{SVG}desc").text
    assert likely_causes(FISHBONE) == ["No one free at 12:30"]
    assert [c.name for c in fishbone_categories(FISHBONE)] == ["People", "Methods", "Equipment"]


def test_a_fishbone_with_30_causes_grows_to_hold_them():
    causes = [{"cause": f"Cause number {i} with several words"} for i in range(30)]
    document = {"problem": "Falls", "categories": [{"name": "People", "causes": causes}]}
    root = parse(render_fishbone_svg(document))
    height = float(root.get("viewBox").split()[3])
    lowest = max(float(span.get("y")) for span in root.iter(f"{SVG}tspan"))
    assert height > 30 * 15
    assert lowest < height


def test_process_map_draws_every_step_with_its_shape():
    root = parse(render_process_map_svg(PROCESS))
    steps = [g for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("step")]
    assert [g.get("class") for g in steps] == [
        "step terminal", "step task", "step wait", "step decision", "step task", "step terminal"
    ]  # fmt: skip
    assert root.find(f".//{SVG}polygon") is not None
    assert "Problem: Up to 3 hours" in texts(root)
    assert "Note: Yes: step 4" in texts(root)
    assert len(root.findall(f".//{SVG}line[@marker-end]")) == 5
    assert [s.number for s in process_steps(PROCESS)] == [1, 2, 3, 4]


def test_process_map_with_30_steps():
    document = {
        "steps": [{"step": f"Step {i}", "problems": "wait" if i % 3 else ""} for i in range(30)]
    }
    root = parse(render_process_map_svg(document, width=360))
    assert len(root.findall(f".//{SVG}line[@marker-end]")) == 31
    assert "in 30 steps" in root.find(f"{SVG}desc").text


def test_pareto_chart_marks_the_vital_few_and_the_80_percent_line():
    rows = pareto_table([("Away from bed", 42), ("Asleep", 20), ("Other", 9), ("Cold", 5)])
    root = parse(render_pareto_svg(rows))
    bars = [g for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("bar")]
    assert [g.get("class") for g in bars] == ["bar vital", "bar vital", "bar", "bar"]
    assert len(root.find(f".//{SVG}polyline").get("points").split()) == 4
    assert root.find(f".//{SVG}g[@class='reference']/{SVG}line").get("stroke-dasharray")
    assert "“Away from bed” and “Asleep”" in root.find(f"{SVG}desc").text


def test_pareto_chart_with_30_categories_widens():
    rows = pareto_table([(f"Reason {i}", 30 - i) for i in range(30)])
    root = parse(render_pareto_svg(rows))
    assert float(root.get("viewBox").split()[2]) >= 30 * 70
    assert "And 15 more categories" in root.find(f"{SVG}desc").text


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(max_size=60), max_size=6),
    st.lists(st.tuples(st.text(max_size=30), st.integers(0, 1000)), max_size=12),
)
def test_any_learner_text_gives_well_formed_svg(words, tally):
    padded = [*words, "", "", ""]
    driver = {
        "aim": padded[0],
        "primary_drivers": [{"text": w, "secondary_drivers": [{"text": w}]} for w in words],
    }
    fishbone = {
        "problem": padded[1],
        "categories": [{"name": w, "causes": [{"cause": w}]} for w in words],
    }
    process = {"start_point": padded[2], "steps": [{"step": w, "problems": w} for w in words]}
    for kind, document in (
        (WorksheetKind.DRIVER_DIAGRAM, driver),
        (WorksheetKind.FISHBONE, fishbone),
        (WorksheetKind.PROCESS_MAP, process),
    ):
        cleaned = validate_worksheet(kind, document).document
        renderer = {
            WorksheetKind.DRIVER_DIAGRAM: render_driver_diagram_svg,
            WorksheetKind.FISHBONE: render_fishbone_svg,
        }.get(kind, render_process_map_svg)
        parse(renderer(cleaned))
        parse(renderer(document))
    parse(render_pareto_svg(pareto_table(tally)))
