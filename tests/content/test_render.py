import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lti_qi.content import render

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    "<form action=https://evil.example><input name=password></form>",
]


def test_markdown_renders_headings_tables_lists_and_strikethrough() -> None:
    html = render.render_markdown(
        "## Aim\n\n~~old~~ **new** `code`\n\n| a | b |\n|--:|---|\n| 1 | 2 |\n\n3. three\n"
    )

    assert "<h2>Aim</h2>" in html
    assert "<s>old</s> <strong>new</strong> <code>code</code>" in html
    assert '<th style="text-align:right">a</th>' in html
    assert '<ol start="3">' in html


def test_allowed_raw_html_survives_in_pack_pages() -> None:
    html = render.render_markdown(
        '<figure>\n<img src="figures/a.svg" alt="A">\n<figcaption>A <abbr title="Plan Do '
        'Study Act">PDSA</abbr> cycle<sup>1</sup></figcaption>\n</figure>\n\n'
        "<details><summary>More</summary>Hidden</details>\n"
    )

    assert '<img src="figures/a.svg" alt="A">' in html
    assert '<abbr title="Plan Do Study Act">PDSA</abbr>' in html
    assert "<sup>1</sup>" in html
    assert "<details><summary>More</summary>Hidden</details>" in html


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("https://www.nhs.uk/", True),
        ("http://example.org/a", True),
        ("mailto:qi@example.org", True),
        ("pages/measure/run-charts.md", True),
        ("ftp://example.org/x", False),
        ("data:text/html,hi", False),
        ("vbscript:msgbox(1)", False),
    ],
)
def test_page_links_keep_only_safe_schemes_and_get_rel(href: str, kept: bool) -> None:
    html = render.render_markdown(f'<a href="{href}">link</a>')

    assert (f'href="{href}"' in html) is kept
    assert 'rel="noopener noreferrer"' in html


def test_relative_images_are_rewritten_through_asset_url() -> None:
    html = render.render_markdown(
        "![A](figures/a.svg) ![B](https://cdn.example/b.png) ![C](/static/c.png)",
        asset_url=lambda path: f"/content/qi/{path}",
    )

    assert 'src="/content/qi/figures/a.svg"' in html
    assert 'src="https://cdn.example/b.png"' in html
    assert 'src="/static/c.png"' in html


def test_images_with_data_urls_lose_their_source() -> None:
    html = render.render_markdown(
        '![x](data:image/png;base64,iVBORw0KGgo=) <img src="data:image/svg+xml,<svg/>" alt="y">',
        asset_url=lambda path: f"/assets/{path}",
    )

    assert html.count("<img") == 2
    assert "src=" not in html


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_pack_pages_never_carry_scripts(vector: str) -> None:
    html = render.render_markdown(vector).lower()

    for marker in ("<script", "javascript:", "onerror", "onload", "onclick", "ontoggle"):
        assert marker not in html
    for tag in ("<iframe", "<svg", "<object", "<form", "<input", "<style", "<math"):
        assert tag not in html


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_learner_text_shows_raw_html_as_typed(vector: str) -> None:
    html = render.render_user_text(vector)

    assert set(re.findall(r"<([a-z0-9]+)", html)) <= render.LEARNER_TAGS
    assert not re.search(r"<[^>]*\son[a-z]+=", html)
    assert "javascript:" not in html.lower()


def test_learner_text_escapes_html_rather_than_rendering_it() -> None:
    assert (
        render.render_user_text("<b>bold</b> & done")
        == "<p>&lt;b&gt;bold&lt;/b&gt; &amp; done</p>\n"
    )


def test_learner_text_drops_images() -> None:
    html = render.render_user_text("Look: ![chart](https://tracker.example/pixel.png)")

    assert "<img" not in html
    assert "tracker.example" not in html


def test_learner_links_are_absolute_and_nofollow() -> None:
    html = render.render_user_text("[guide](https://www.nhs.uk/) and [admin](/admin/delete)")

    assert '<a href="https://www.nhs.uk/" rel="nofollow noopener noreferrer">guide</a>' in html
    assert "/admin/delete" not in html


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_blank_learner_text_renders_as_nothing(text: str) -> None:
    assert render.render_user_text(text) == ""


def test_learner_text_keeps_markdown_formatting() -> None:
    html = render.render_user_text("We *reduced* falls by **30%**.\n\n- shift\n- trend")

    assert "<em>reduced</em>" in html
    assert "<strong>30%</strong>" in html
    assert "<li>shift</li>" in html


xss_fragments = st.sampled_from(
    [
        "<script>",
        "<scr",
        "ipt>",
        "javascript:",
        "java",
        "script:",
        "&#58;",
        "&colon;",
        "&#x3A;",
        "](",
        "[x",
        ")",
        "<",
        ">",
        '"',
        "`",
        "\n",
        "<a href=",
        "![i](",
        "<img src=x onerror=",
        "\\",
        "*",
    ]
)


@settings(database=None, max_examples=300)
@given(st.lists(xss_fragments | st.text(max_size=8), max_size=30).map("".join))
def test_learner_text_never_outputs_a_script_or_script_url(text: str) -> None:
    html = render.render_user_text(text).lower()

    assert "<script" not in html
    assert "javascript:" not in html


def test_plain_text_strips_markdown() -> None:
    text = render.plain_text(
        "## Aim\n\nWe *reduced* falls by **30%** (see [the guide](https://www.nhs.uk/)).\n\n"
        "- shift\n- trend\n  1. nested\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```\nmedian = 4\n```\n"
    )

    assert text == (
        "Aim\n"
        "We reduced falls by 30% (see the guide (https://www.nhs.uk/)).\n"
        "- shift\n"
        "- trend\n"
        "  1. nested\n"
        "a | b\n"
        "1 | 2\n"
        "median = 4"
    )


def test_plain_text_keeps_raw_html_and_autolinks_as_typed() -> None:
    assert render.plain_text("<b>x</b> <https://a.example>") == "<b>x</b> https://a.example"


def test_page_elements_list_headings_and_images_with_lines() -> None:
    elements = render.page_elements(
        "# Title\n\nText ![](figures/a.svg)\nmore\nand ![B](figures/b.svg)\n\n"
        '<figure>\n<img src="figures/c.svg"\n     alt="C">\n</figure>\n'
    )

    assert [(element.tag, element.line) for element in elements] == [
        ("h1", 1),
        ("img", 3),
        ("img", 5),
        ("figure", 7),
        ("img", 8),
    ]
    assert dict(elements[2].attributes) == {"src": "figures/b.svg", "alt": "B"}
    assert dict(elements[4].attributes) == {"src": "figures/c.svg", "alt": "C"}
