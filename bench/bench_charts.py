"""Benchmark: chart rules and limits on 100,000 points, and SVG for 500 points.

Targets (issue 4): rules and limits on 100,000 points in under 100 ms; SVG for 500 points in
under 50 ms, judged on the median run (the best run flatters a busy machine). Run from the
repository root:

    .venv/bin/python bench/bench_charts.py

Data are seeded and in control (normal measurements, Poisson counts, binomial proportions), so
the signals found are the false alarms expected by chance. Each case runs several times; the
median and the best wall-clock times are printed, and the verdict goes by the median.
"""

import functools
import math
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from lti_qi.domain import charts
from lti_qi.domain.charts import runchart, spc

POINTS = 100_000
SVG_POINTS = 500
REPEATS = 11
SVG_REPEATS = 25


def poisson(rng: random.Random, mean: float) -> int:
    """Return a Poisson draw (Knuth's method; fine for small means)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def make_data(rng: random.Random) -> dict[str, list[float] | list[int]]:
    """Return the seeded series every case uses."""
    sizes = [rng.randint(80, 120) for _ in range(POINTS)]
    return {
        "measurements": [rng.gauss(100, 10) for _ in range(POINTS)],
        "counts": [poisson(rng, 10) for _ in range(POINTS)],
        "sizes": sizes,
        "yes": [min(n, max(0, round(rng.gauss(0.2 * n, math.sqrt(0.16 * n))))) for n in sizes],
    }


def timed(run: Callable[[], object], repeats: int) -> tuple[float, float, object]:
    """Return the median and best time in milliseconds, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times), result


def report(name: str, run: Callable[[], object], repeats: int, target: float) -> None:
    """Time one case and print a line of figures."""
    median, best, result = timed(run, repeats)
    signals = len(getattr(result, "signals", ()))
    detail = (
        f"{signals:>5} signals" if hasattr(result, "signals") else f"{len(str(result)):>7} bytes"
    )
    verdict = "ok" if median < target else "OVER"
    print(f"{name:<38} median {median:7.1f} ms   best {best:7.1f} ms   {detail}   {verdict}")


def bench_rules(data: dict[str, list[float] | list[int]]) -> None:
    """Time rules and limits on every chart type."""
    values, counts = data["measurements"], data["counts"]
    sizes, yes = data["sizes"], data["yes"]
    print(f"Rules and limits, {POINTS:,} points (target < 100 ms):")
    cases: list[tuple[str, Callable[[], object]]] = [
        ("run chart, IHI rules", lambda: runchart.analyse_run_chart(values)),
        (
            "run chart, Anhøj rules",
            lambda: runchart.analyse_run_chart(values, rules=runchart.RunChartRules.ANHOEJ),
        ),
        ("XmR chart, IHI rules", lambda: spc.xmr_chart(values)),
        ("p chart, IHI rules", lambda: spc.p_chart(yes, sizes)),
        ("u chart, IHI rules", lambda: spc.u_chart(counts, sizes)),
        ("c chart, IHI rules", lambda: spc.c_chart(counts)),
    ]
    for name, run in cases:
        report(f"  {name}", run, REPEATS, 100)


def bench_svg(values: list[float]) -> None:
    """Time SVG rendering of a run chart and an XmR chart."""
    print(f"SVG, {SVG_POINTS} points (target < 50 ms):")
    small = values[:SVG_POINTS]
    notes = [charts.Annotation(i, f"PDSA {i // 100}") for i in range(100, 500, 100)]
    results = [
        ("run chart SVG", runchart.analyse_run_chart(small, phase_starts=[250])),
        ("XmR chart SVG", spc.xmr_chart(small, freeze=100)),
    ]
    for name, result in results:
        report(
            f"  {name}",
            functools.partial(charts.render_chart_svg, result, title=name, annotations=notes),
            SVG_REPEATS,
            50,
        )


def main() -> None:
    """Run every case and print the figures."""
    data = make_data(random.Random(2026))
    print(
        f"Python {platform.python_version()} on {platform.machine()}, {REPEATS} repeats "
        f"({SVG_REPEATS} for SVG); verdicts on the median"
    )
    bench_rules(data)
    bench_svg([float(value) for value in data["measurements"]])


if __name__ == "__main__":
    main()
