"""SVG charts: well-formed, accessible (title, desc, role), printable, with every mark present."""

import json
import random
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lti_qi.domain.charts import runchart, spc
from lti_qi.domain.charts import svg as chart_svg
from lti_qi.domain.charts.svg import PALETTE, Annotation, render_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLES = json.loads((Path(__file__).parent / "worked_examples.json").read_text("utf-8"))
CDI = EXAMPLES["series"]["CDI"]["values"]
MONTHS = [f"{2012 + (10 + i) // 12}-{(10 + i) % 12 + 1:02d}-01" for i in range(36)]


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 - parses our own output, not untrusted input


def by_class(root, name):
    return [element for element in root.iter() if element.get("class") == name]


def flagged_points(result):
    return {
        index
        for signal in result.signals
        if signal.rule.info.marks_points
        for index in signal.point_indices
    }


@pytest.fixture
def cdi_svg():
    result = runchart.analyse_run_chart(CDI, labels=MONTHS, freeze=24)
    notes = [
        Annotation(24, "PDSA 1: <script>alert(1)</script>", "/cycles/1?a=1&b=2"),
        Annotation(27, "PDSA 2: new cleaning rota"),
    ]
    return result, render_chart_svg(result, title="CDI per month", annotations=notes)


def test_the_svg_is_well_formed_and_labelled_for_screen_readers(cdi_svg):
    result, svg = cdi_svg
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "CDI per month"
    assert desc.text.startswith("Run chart of CDI per month: 36 points from 1 November 2012")
    assert "median 19, from its first 24 points" in desc.text
    assert result.summary in desc.text


def test_every_flagged_point_has_a_diamond_marker(cdi_svg):
    result, svg = cdi_svg
    markers = by_class(parse(svg), "signal-marker")
    assert {int(marker.get("data-point")) for marker in markers} == flagged_points(result)
    assert all(marker.find(f"{SVG}title").text for marker in markers)
    assert "shift" in markers[0].get("data-rules")


def test_each_phase_has_its_own_centre_line():
    result = runchart.analyse_run_chart(CDI, phase_starts=[24])
    root = parse(render_chart_svg(result, title="CDI"))
    lines = by_class(root, "centre-line")
    assert [line.get("data-phase") for line in lines] == ["1", "2"]
    assert len({line.get("y1") for line in lines}) == 2
    assert [mark.get("data-phase") for mark in by_class(root, "phase-break")] == ["2"]


def test_a_frozen_baseline_is_marked_and_a_runs_signal_dashes_the_centre_line(cdi_svg):
    _, svg = cdi_svg
    root = parse(svg)
    assert len(by_class(root, "baseline-end")) == 1
    [line] = by_class(root, "centre-line")
    assert line.get("stroke-dasharray")  # too few runs: a phase-wide signal
    assert line.get("stroke") == PALETTE["signal"]


def test_annotation_text_and_links_are_escaped(cdi_svg):
    _, svg = cdi_svg
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert 'href="/cycles/1?a=1&amp;b=2"' in svg
    root = parse(svg)
    texts = ["".join(element.itertext()) for element in by_class(root, "annotation")]
    assert texts[0].startswith("PDSA 1: <script>")
    assert "PDSA 2: new cleaning rota" in texts[1]
    [link] = root.iter(f"{SVG}a")
    assert link.get("href") == "/cycles/1?a=1&b=2"


def test_a_title_with_markup_is_escaped():
    result = runchart.analyse_run_chart([1, 2, 3])
    root = parse(render_chart_svg(result, title='<b>"Falls" & slips</b>'))
    assert root.find(f"{SVG}title").text == '<b>"Falls" & slips</b>'


def test_control_limits_are_drawn_per_phase_and_steps_follow_varying_denominators():
    counts = EXAMPLES["series"]["MONT_7_4_COUNT"]["values"]
    sizes = EXAMPLES["series"]["MONT_7_4_SIZE"]["values"]
    root = parse(render_chart_svg(spc.p_chart(counts, sizes), title="Nonconforming"))
    limits = by_class(root, "limit")
    assert sorted(limit.get("data-limit") for limit in limits) == ["lower", "upper"]
    assert "V" in limits[0].get("d")  # a step where the sample size changes
    assert any(text.text == "20%" for text in root.iter(f"{SVG}text"))


def test_excluded_points_are_hollow_circles():
    result = spc.c_chart([4, 5, 3, 4, 30, 4, 5, 3], exclude=[4])
    root = parse(render_chart_svg(result, title="Counts"))
    hollow = [c for c in root.iter(f"{SVG}circle") if c.get("fill") == PALETTE["background"]]
    assert len(hollow) == 1 + 1  # the excluded point and its legend glyph


def test_nothing_depends_on_outside_css():
    _, svg = cdi_svg_result()
    root = parse(svg)
    assert "@import" not in svg
    assert "<link" not in svg
    for element in root.iter():
        if element.tag in {f"{SVG}line", f"{SVG}polyline"}:
            assert element.get("stroke"), element.attrib
        if element.tag in {f"{SVG}circle", f"{SVG}rect"}:
            assert element.get("fill"), element.attrib


def cdi_svg_result():
    result = runchart.analyse_run_chart(CDI)
    return result, render_chart_svg(result, title="CDI")


def relative_luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("role", ["ink", "centre", "limit", "signal", "annotation"])
def test_meaningful_colours_have_three_to_one_contrast_on_white(role):
    contrast = (1.05) / (relative_luminance(PALETTE[role]) + 0.05)
    assert contrast >= 3


def test_five_hundred_points_render_quickly():
    rng = random.Random(7)  # noqa: S311 - test data, not security
    result = spc.xmr_chart([rng.gauss(50, 5) for _ in range(500)])
    started = time.perf_counter()
    svg = render_chart_svg(result, title="500 points")
    assert time.perf_counter() - started < 1.0  # the benchmark measures this properly
    root = parse(svg)
    assert len([c for c in root.iter(f"{SVG}circle")]) >= 500


def test_an_annotation_outside_the_chart_is_refused():
    result = runchart.analyse_run_chart([1, 2, 3])
    with pytest.raises(ValueError, match="at point 5, but the chart has 3 points"):
        render_chart_svg(result, title="x", annotations=[Annotation(4, "late")])


def test_ids_are_made_safe_and_a_given_description_is_used():
    result = runchart.analyse_run_chart([1, 2, 3])
    root = parse(render_chart_svg(result, title="x", description="Mine.", id_prefix="my chart!"))
    assert root.get("aria-labelledby") == "my-chart--title my-chart--desc"
    assert root.find(f"{SVG}desc").text == "Mine."


def test_the_description_of_a_control_chart_gives_centre_and_limits():
    result = spc.xmr_chart(EXAMPLES["series"]["MONT_6_7"]["values"], freeze=20)
    text = chart_svg.describe(result, "weekly cost")
    assert text.startswith("XmR chart (individuals and moving range) of weekly cost: 40 points.")
    assert "centre line 300.5, control limits 279.783 to 321.217, from its first 20 points" in text
    assert "Point 39 is above the upper control limit" in text


def test_every_long_anhoej_run_is_marked_on_the_chart():
    values = [5] * 9 + [1, 5] * 3 + [1] * 9  # 24 points: runs of 9 above and 9 below, limit 8
    result = runchart.analyse_run_chart(values, rules=runchart.RunChartRules.ANHOEJ)
    markers = by_class(parse(render_chart_svg(result, title="Two runs")), "signal-marker")
    marked = {int(marker.get("data-point")) for marker in markers}
    assert set(range(9)) | set(range(15, 24)) <= marked
