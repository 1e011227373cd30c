"""The project's charts as numbered figures in the Results section of the SQUIRE draft."""

from datetime import date

from lti_qi.domain.charts import runchart, spc
from lti_qi.domain.charts import svg as chart_svg
from lti_qi.domain.worksheets import figures as squire
from lti_qi.domain.worksheets.squire import SQUIRE_WRITEUP

SHIFT = [5, 6, 4, 7, 5, 6, 5, 4, 6, 5, 9, 10, 11, 9, 10, 12, 11, 10, 9, 11]
DAYS = [date(2026, 1, day) for day in range(1, 21)]


def figures():
    run = runchart.analyse_run_chart(SHIFT, labels=DAYS)
    control = spc.p_chart([3, 4, 5, 4, 3, 5, 4, 4, 3, 5], [20] * 10)
    return [
        squire.chart_figure(1, (7, "Minutes to first dose (minutes)"), run, "<svg>1</svg>"),
        squire.chart_figure(2, (9, "Checklist used"), control, "<svg>2</svg>"),
    ]


def test_each_figure_is_captioned_with_its_chart_points_and_dates():
    first, second = figures()
    assert first.caption == (
        "Figure 1. Minutes to first dose (minutes): run chart, 20 points from 1 January 2026 "
        "to 20 January 2026."
    )
    assert second.caption == "Figure 2. Checklist used: p chart (proportion), 10 points."
    assert (first.measure_id, second.measure_id) == (7, 9)


def test_the_finding_is_the_charts_own_summary():
    first, _ = figures()
    result = runchart.analyse_run_chart(SHIFT, labels=DAYS)
    assert first.finding == result.summary
    assert "shift" in first.finding


def test_the_results_paragraph_cites_each_figure_in_order():
    paragraph = squire.results_paragraph(figures())
    first, second = paragraph.split("\n\n")
    assert first.startswith("Minutes to first dose (minutes) (Figure 1): ")
    assert second.startswith("Checklist used (Figure 2): ")


def test_the_figures_come_first_in_the_results_and_the_rest_of_the_draft_is_kept():
    draft = {"title": "A title", "results": "Cycle 1: Pre-filled chart."}
    with_charts = squire.with_figures(draft, figures())
    assert with_charts["title"] == "A title"
    assert with_charts["results"].startswith("Minutes to first dose (minutes) (Figure 1): ")
    assert with_charts["results"].endswith("\n\nCycle 1: Pre-filled chart.")
    assert draft["results"] == "Cycle 1: Pre-filled chart."


def test_no_charts_leave_the_draft_as_it_was():
    draft = {"results": "Cycle 1."}
    assert squire.with_figures(draft, []) == draft
    assert squire.with_figures({}, figures())["results"].count("(Figure") == 2


def test_the_results_keep_to_the_sections_length():
    limit = SQUIRE_WRITEUP.field_named("results").max_length
    long_draft = {"results": "We learned a lot. " * 1000}
    results = squire.with_figures(long_draft, figures())["results"]
    assert len(results) <= limit
    assert results.endswith("(see your worksheets for the rest)")


def test_a_figure_carries_the_same_accessible_svg_as_the_measure_page():
    result = runchart.analyse_run_chart(SHIFT, labels=DAYS)
    svg = chart_svg.render_chart_svg(result, title="Figure 1. Minutes", id_prefix="figure-1")
    figure = squire.chart_figure(1, (1, "Minutes"), result, svg)
    assert figure.svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" role="img"')
    assert 'aria-labelledby="figure-1-title figure-1-desc"' in figure.svg


def test_the_module_cites_squire():
    assert "SQUIRE 2.0" in (squire.__doc__ or "")
    assert "Ogrinc" in (squire.__doc__ or "")
