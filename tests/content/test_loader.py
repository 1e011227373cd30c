from __future__ import annotations

import os
import shutil
from dataclasses import FrozenInstanceError
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from lti_qi.content import loader, schema

if TYPE_CHECKING:
    from tests.content.conftest import PackCopy


MINIMAL_PACK = Path(__file__).parent / "packs" / "minimal"


def test_the_minimal_pack_has_no_problems() -> None:
    assert loader.check_pack(MINIMAL_PACK) == []


def test_problems_print_as_file_line_message_and_fix(pack: PackCopy) -> None:
    line = pack.replace("prerequisites: [aim-learn]", "prerequisites: [aim-lern]")

    [problem] = pack.problems()

    assert str(problem) == (
        f'pack.yaml:{line}: stage "aim-apply" requires "aim-lern", which does not exist. '
        'Fix: did you mean "aim-learn"? use one of the earlier ids: aim-learn'
    )
    assert str(loader.Problem("pages/a.md", None, "the page is empty.", "write it")) == (
        "pages/a.md: the page is empty. Fix: write it"
    )


def test_every_problem_is_reported_at_once_in_file_order(pack: PackCopy) -> None:
    pack.replace("          summary: The Model", "          sumary: The Model")
    pack.replace("prerequisites: [aim-learn]", "prerequisites: [aim-lern]")
    pack.replace("page: pages/measure/run-charts.md", "page: pages/measure/run-chart.md")
    pack.write("pages/aim/worksheet-guide.md", "# Writing your aim\n")

    problems = pack.problems()

    assert [(problem.file, problem.line) for problem in problems] == [
        ("pack.yaml", pack.line_of("sumary")),
        ("pack.yaml", pack.line_of("prerequisites: [aim-lern]")),
        ("pack.yaml", pack.line_of("page: pages/measure/run-chart.md")),
        ("pages/aim/worksheet-guide.md", 1),
    ]


def test_a_broken_pack_is_refused_with_every_problem(pack: PackCopy) -> None:
    pack.replace("cpd_hours: 0.75", "cpd_hours: 0.8")
    pack.write("pages/measure/run-charts.md", "")

    with pytest.raises(loader.PackInvalid) as refused:
        loader.load_pack(pack.root)

    assert list(refused.value.problems) == pack.problems()
    assert len(refused.value.problems) == 2
    assert "2 problem(s)" in str(refused.value)
    assert "pages/measure/run-charts.md: the page is empty." in str(refused.value)


@pytest.mark.parametrize(
    ("content", "line", "message", "fix"),
    [
        ("# Run charts\n", 1, "level-1 heading", "use ## for the first heading"),
        ("## Chart\n\nSee\n![](figures/pdsa-cycle.svg)\n", 4, "has no alt text", "![what it"),
        ("## Chart\n\n![A](figures/pdsa-cycles.svg)\n", 3, "does not exist", "did you mean"),
        ("## Chart\n\n![A](figures/PDSA-cycle.svg)\n", 3, "does not exist", "did you mean"),
        ("## Chart\n\n![A](https://x.example/a.png)\n", 3, "not a PNG, JPEG or SVG", "figures/"),
        ("## Chart\n\n![A](figures/notes.txt)\n", 3, "not a PNG, JPEG or SVG", "figures/"),
        ("## Chart\n\n![A](../figures/pdsa-cycle.svg)\n", 3, "figures/ folder", "figures/"),
        ('## Chart\n\n<img src="figures/pdsa-cycle.svg">\n', 3, "no alt text", "![what it"),
        ("## Chart\n\nText\n\n<iframe src=x></iframe>\n", 5, "<iframe> is not allowed", "Markdown"),
        ("   \n\n", None, "the page is empty.", "write the page"),
    ],
)
def test_each_page_rule_gives_a_problem_in_the_page(
    pack: PackCopy, content: str, line: int | None, message: str, fix: str
) -> None:
    pack.write("pages/measure/run-charts.md", content)

    [problem] = pack.problems()

    assert (problem.file, problem.line) == ("pages/measure/run-charts.md", line)
    assert message in problem.message
    assert fix in problem.fix


def test_a_page_must_be_utf8(pack: PackCopy) -> None:
    pack.write("pages/measure/run-charts.md", "## Run charts\n\nCaf\xe9\n".encode("latin-1"))

    [problem] = pack.problems()

    assert (problem.file, problem.line) == ("pages/measure/run-charts.md", 3)
    assert problem.fix == "save it as UTF-8"


def test_a_page_may_not_lead_outside_the_pack_through_a_link(
    pack: PackCopy, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("## Secret\n", encoding="utf-8")
    page = pack.root / "pages/measure/run-charts.md"
    page.unlink()
    os.symlink(outside, page)

    [problem] = pack.problems()

    assert (problem.file, problem.line) == ("pack.yaml", pack.line_of("run-charts.md"))
    assert "leads outside the pack through a symbolic link" in problem.message


def test_an_svg_figure_may_not_hold_scripts(pack: PackCopy) -> None:
    pack.write(
        "figures/pdsa-cycle.svg",
        '<svg xmlns="http://www.w3.org/2000/svg">\n<circle r="4"\n onload="alert(1)"/>\n</svg>\n',
    )

    [problem] = pack.problems()

    assert (problem.file, problem.line) == ("figures/pdsa-cycle.svg", 3)
    assert "may not hold scripts" in problem.message


def test_a_figure_must_be_the_image_type_its_name_says(pack: PackCopy) -> None:
    pack.write("figures/chart.png", b"GIF89a not a png")
    pack.write("pages/measure/run-charts.md", "## Chart\n\n![A chart](figures/chart.png)\n")

    [problem] = pack.problems()

    assert (problem.file, problem.message) == ("figures/chart.png", "the file is not a PNG image.")


def test_a_folder_without_pack_yaml_is_one_problem(tmp_path: Path) -> None:
    [problem] = loader.check_pack(tmp_path)

    assert (problem.file, problem.line) == ("pack.yaml", None)
    assert "holds no pack.yaml" in problem.message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "does not hold a mapping"),
        (b"- just\n- a list\n", "does not hold a mapping"),
        (b"title: caf\xe9\n", "not UTF-8"),
    ],
)
def test_a_manifest_that_is_not_a_yaml_mapping_is_one_problem(
    pack: PackCopy, content: bytes, message: str
) -> None:
    pack.write("pack.yaml", content)

    [problem] = pack.problems()

    assert message in problem.message


def test_yaml_aliases_are_refused_before_validation(pack: PackCopy) -> None:
    pack.replace('authors: ["lti-qi tests"]', 'authors: &team ["lti-qi tests"]')
    line = pack.replace("licence: CC BY 4.0", "licence: *team")

    [problem] = pack.problems()

    assert (problem.file, problem.line) == ("pack.yaml", line)
    assert problem.message == "YAML aliases (*name) are not supported."


def test_load_pack_returns_the_validated_pack_with_rendered_pages() -> None:
    loaded = loader.load_pack(MINIMAL_PACK)

    assert isinstance(loaded.manifest, schema.Pack)
    assert loaded.root == MINIMAL_PACK
    assert sorted(loaded.pages) == [
        "pages/aim/model-for-improvement.md",
        "pages/aim/worksheet-guide.md",
        "pages/measure/run-charts.md",
    ]
    assert "<h2>Run charts</h2>" in loaded.pages["pages/measure/run-charts.md"]
    assert loaded.page_sources["pages/measure/run-charts.md"].startswith("## Run charts")
    figure = loaded.figures["figures/pdsa-cycle.svg"]
    assert figure.media_type == "image/svg+xml"
    assert figure.content == (MINIMAL_PACK / "figures/pdsa-cycle.svg").read_bytes()


def test_page_html_points_figures_at_served_urls() -> None:
    loaded = loader.load_pack(MINIMAL_PACK)

    html = loaded.page_html(
        "pages/aim/model-for-improvement.md", asset_url=lambda path: f"/packs/minimal/{path}"
    )

    assert html.count('src="/packs/minimal/figures/pdsa-cycle.svg"') == 2


def test_walk_and_find_reach_the_manifest() -> None:
    loaded = loader.load_pack(MINIMAL_PACK)

    assert len(list(loaded.walk())) == 12
    node = loaded.find("aim-reflection")
    assert isinstance(node, schema.ActivityNode)
    assert node.stage.id == "aim-apply"


def test_a_loaded_pack_cannot_be_changed() -> None:
    loaded = loader.load_pack(MINIMAL_PACK)

    with pytest.raises(FrozenInstanceError):
        loaded.content_hash = "0"  # type: ignore[misc]
    with pytest.raises(TypeError):
        loaded.pages["pages/aim/worksheet-guide.md"] = "<script></script>"  # type: ignore[index]


def test_the_content_hash_is_the_same_for_the_same_pack_anywhere(pack: PackCopy) -> None:
    original = loader.load_pack(MINIMAL_PACK).content_hash
    page = "pages/aim/worksheet-guide.md"
    pack.write(page, pack.text(page).replace("\n", "\r\n"))
    pack.replace("# A small, valid content pack", "# A comment that changed")

    assert loader.load_pack(pack.root).content_hash == original
    assert len(original) == 64


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("pack.yaml", "title: Learn", "title: Learn the basics"),
        ("pages/measure/run-charts.md", "median.", "median line."),
        ("figures/pdsa-cycle.svg", "PDSA</text>", "P-D-S-A</text>"),
    ],
)
def test_the_content_hash_changes_when_the_pack_does(
    pack: PackCopy, file: str, old: str, new: str
) -> None:
    original = loader.load_pack(MINIMAL_PACK).content_hash
    pack.replace(old, new, file)

    assert loader.load_pack(pack.root).content_hash != original


def test_a_pack_can_be_loaded_from_a_copy_elsewhere(tmp_path: Path) -> None:
    copy = shutil.copytree(MINIMAL_PACK, tmp_path / "elsewhere")

    assert loader.load_pack(copy).manifest == loader.load_pack(MINIMAL_PACK).manifest
