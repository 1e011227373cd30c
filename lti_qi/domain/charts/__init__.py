"""Charts of a measure over time: read the data, analyse it as any chart kind, draw it.

The one entry point for code outside this package. A measure's chart goes through three steps,
each one call here:

1. read what the learner typed: `points_from_rows` (the table), `points_from_text` (pasted
   cells), `text_from_upload` (a CSV file), `read_settings` (the chart's settings form);
2. `analyse(chart, points, freeze=..., phase_starts=..., anhoej=...)`: the run chart or control
   chart (`Chart`) with the rules that fired, as a `ChartResult` that explains itself; it
   raises `ChartDataError` with every problem when the data cannot be charted yet;
3. `render_chart_svg(result, title=..., annotations=...)`: accessible SVG, with PDSA cycles
   marked by `pdsa_annotations`.

`recommend_chart(kind)` says which chart suits a kind of data, and `render_bar_chart` draws the
simple bar charts of the CPD reports. The rules and limits behind `analyse` (the run chart's
and SPC's, with their sources) are in the modules of this package.
"""

from lti_qi.domain.charts.bars import Bar, render_bar_chart
from lti_qi.domain.charts.choice import ChartRecommendation, DataKind, recommend_chart
from lti_qi.domain.charts.data import ChartDataError
from lti_qi.domain.charts.entry import clean_point, has_content, points_from_rows
from lti_qi.domain.charts.measure_data import (
    CHART_NAMES,
    MAX_POINTS,
    MAX_UPLOAD_BYTES,
    Chart,
    RowProblem,
    analyse,
    chart_problems,
    download_name,
    pdsa_annotations,
    points_from_text,
    points_to_csv,
    text_from_upload,
)
from lti_qi.domain.charts.runchart import RunChartResult
from lti_qi.domain.charts.settings import ChartSettings, read_settings
from lti_qi.domain.charts.spc import ControlChartResult
from lti_qi.domain.charts.svg import Annotation, ChartResult, describe, render_chart_svg
from lti_qi.domain.charts.svg_parts import date_range

__all__ = [
    "CHART_NAMES",
    "MAX_POINTS",
    "MAX_UPLOAD_BYTES",
    "Annotation",
    "Bar",
    "Chart",
    "ChartDataError",
    "ChartRecommendation",
    "ChartResult",
    "ChartSettings",
    "ControlChartResult",
    "DataKind",
    "RowProblem",
    "RunChartResult",
    "analyse",
    "chart_problems",
    "clean_point",
    "date_range",
    "describe",
    "download_name",
    "has_content",
    "pdsa_annotations",
    "points_from_rows",
    "points_from_text",
    "points_to_csv",
    "read_settings",
    "recommend_chart",
    "render_bar_chart",
    "render_chart_svg",
    "text_from_upload",
]
