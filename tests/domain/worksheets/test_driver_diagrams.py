"""Driver diagrams: boxes placed without overlap, ids and first tests marked, outline, feedback."""

import itertools

import pytest

from lti_qi.domain import svg as diagrams_svg
from lti_qi.domain.worksheets.diagrams_driver import render_driver_diagram_svg
from lti_qi.domain.worksheets.drivers import (
    DriverLevel,
    change_ideas,
    driver_diagram_feedback,
    driver_outline,
    idea_labels,
)

from diagram_helpers import SVG, driver_document, parse, texts


def test_a_driver_diagram_with_30_items_draws_every_box_below_the_last():
    document = driver_document(primaries=3, secondaries=3, ideas=2)
    outline = driver_outline(document)
    assert len(outline.walk()) == 1 + 3 + 9 + 18
    root = parse(render_driver_diagram_svg(document))
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") in {lv.value for lv in DriverLevel}]
    assert len(groups) == 31
    assert len(list(root.iter(f"{SVG}path"))) == 30
    height = float(root.get("viewBox").split()[3])
    bottoms = [
        float(r.get("y")) + float(r.get("height")) for g in groups for r in g.iter(f"{SVG}rect")
    ]
    assert max(bottoms) <= height
    desc = root.find(f"{SVG}desc").text
    assert "3 primary drivers, 9 secondary drivers and 18 change ideas" in desc


def test_driver_boxes_in_one_column_do_not_overlap():
    root = parse(render_driver_diagram_svg(driver_document(primaries=4, secondaries=2, ideas=3)))
    for level in DriverLevel:
        boxes = sorted(
            (float(r.get("y")), float(r.get("y")) + float(r.get("height")))
            for g in root.iter(f"{SVG}g")
            if g.get("class") == level.value
            for r in g.iter(f"{SVG}rect")
        )
        assert all(top >= bottom for (_, bottom), (top, _) in itertools.pairwise(boxes))


def test_driver_boxes_carry_their_ids_and_first_tests_say_so():
    root = parse(render_driver_diagram_svg(driver_document(primaries=1, secondaries=1, ideas=2)))
    ids = [g.get("data-id") for g in root.iter(f"{SVG}g") if g.get("data-id")]
    assert ids == ["P1", "S1", "C1", "C2"]
    assert "Test first" in texts(root)


def test_the_outline_is_the_text_version_of_the_tree():
    outline = driver_outline(driver_document(primaries=1, secondaries=1, ideas=1))
    assert outline.level is DriverLevel.AIM
    [primary] = outline.children
    [secondary] = primary.children
    [idea] = secondary.children
    assert (primary.id, secondary.id, idea.id) == ("P1", "S1", "C1")
    assert idea.is_first_test
    assert [i.id for i in change_ideas(driver_document(1, 1, 2))] == ["C1", "C2"]
    assert idea_labels(change_ideas(driver_document(1, 1, 1))) == {"C1": "C1: Idea 0.0.0"}


def test_long_text_is_wrapped_inside_its_box():
    document = driver_document(primaries=1, secondaries=1, ideas=1, text="word " * 40)
    root = parse(render_driver_diagram_svg(document, width=800))
    column = (800 - 2 * 16 - 3 * 40) / 4
    widest = max(len(span.text or "") for span in root.iter(f"{SVG}tspan"))
    assert widest * 13 * diagrams_svg.CHAR_WIDTH <= column


@pytest.mark.parametrize(
    ("document", "advice"),
    [
        (driver_document(primaries=1, secondaries=1, ideas=1), "three to five"),
        (driver_document(primaries=3, secondaries=1, ideas=0), "Add at least one change idea"),
    ],
)
def test_driver_diagram_feedback(document, advice):
    assert any(advice in message for message in driver_diagram_feedback(document))


def test_driver_diagram_feedback_asks_for_a_first_test():
    document = driver_document(primaries=3, secondaries=1, ideas=1)
    for primary in document["primary_drivers"]:
        primary["secondary_drivers"][0]["change_ideas"][0].pop("test_first", None)
    assert driver_diagram_feedback(document) == [
        "Tick the one or two change ideas you will test first, and say why."
    ]
