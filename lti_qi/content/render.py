"""Markdown to safe HTML, for pack pages and for everything learners type.

One pipeline serves both: markdown-it-py (CommonMark plus tables and strikethrough) writes HTML,
then nh3 (the ammonia sanitiser) keeps only an explicit allow-list of tags, attributes and URL
schemes. Sanitising is the security boundary; Markdown's own link checks are not relied on.

Pack pages may use a little raw HTML (figure, details, abbr) and images; their links get
rel="noopener noreferrer". Learner text may not: raw HTML is shown as typed, images are dropped,
links must be absolute http(s) or mailto and get rel="nofollow noopener noreferrer".

`page_elements` lists a page's headings, images and raw HTML tags with their lines, so the
loader can hold pages to the writing rules (headings from ##, alt text on every image).
"""

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

PAGE_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr"}
    | {"th", "td", "code", "pre", "blockquote", "em", "strong", "s", "del", "a", "img", "figure"}
    | {"figcaption", "hr", "br", "sup", "sub", "abbr", "details", "summary"}
)
LEARNER_TAGS = PAGE_TAGS - {"img", "figure", "figcaption"}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
}
_URL_SCHEMES = {"http", "https", "mailto"}
_SCRIPT_URL = re.compile(r"(javascript|vbscript):", re.IGNORECASE)


def _markdown(*, allow_html: bool) -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": allow_html}).enable(["table", "strikethrough"])


def _cleaner(
    tags: frozenset[str],
    link_rel: str,
    *,
    allow_relative_urls: bool = True,
    attribute_filter: Callable[[str, str, str], str | None] | None = None,
) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(tags),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items() if tag in tags},
        attribute_filter=attribute_filter,
        url_schemes=_URL_SCHEMES,
        url_relative="pass_through" if allow_relative_urls else "deny",
        link_rel=link_rel,
        filter_style_properties={"text-align"},
        strip_comments=True,
    )


_PAGE_MARKDOWN = _markdown(allow_html=True)
_LEARNER_MARKDOWN = _markdown(allow_html=False)
_PAGE_LINK_REL = "noopener noreferrer"
_PAGE_CLEANER = _cleaner(PAGE_TAGS, _PAGE_LINK_REL)
_LEARNER_CLEANER = _cleaner(LEARNER_TAGS, "nofollow noopener noreferrer", allow_relative_urls=False)


def render_markdown(text: str, *, asset_url: Callable[[str], str] | None = None) -> str:
    """Render a pack's Markdown to sanitised HTML.

    Args:
        text: Markdown, possibly with allow-listed raw HTML.
        asset_url: Maps an image's pack-relative path (e.g. "figures/pdsa.svg") to the URL it is
            served from. Without it, relative image paths are left as written.

    Returns:
        HTML safe to insert into a page.
    """
    html = _PAGE_MARKDOWN.render(text)
    if asset_url is None:
        return _neutralise_script_urls(_PAGE_CLEANER.clean(html))
    cleaner = _cleaner(PAGE_TAGS, _PAGE_LINK_REL, attribute_filter=_image_rewriter(asset_url))
    return _neutralise_script_urls(cleaner.clean(html))


def _image_rewriter(asset_url: Callable[[str], str]) -> Callable[[str, str, str], str | None]:
    def rewrite(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src" and is_relative_url(value):
            return asset_url(value)
        return value

    return rewrite


def is_relative_url(url: str) -> bool:
    """Tell whether a URL is a path relative to the current document (no scheme, no leading /)."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith("/")


def render_user_text(text: str) -> str:
    """Render what a learner or mentor typed to sanitised HTML; blank text gives ""."""
    if not text.strip():
        return ""
    return _neutralise_script_urls(_LEARNER_CLEANER.clean(_LEARNER_MARKDOWN.render(text)))


def _neutralise_script_urls(html: str) -> str:
    """Write the colon of "javascript:" as an entity: it reads the same, but is never a URL.

    The sanitiser already removes script URLs from links; this keeps them out of text and
    attribute values too, should the HTML be pasted or reused somewhere less careful.
    """
    return _SCRIPT_URL.sub(r"\1&#58;", html)


def plain_text(text: str) -> str:
    """Strip Markdown to plain text, e.g. for a comment sent to an LMS or a CSV export.

    Emphasis and headings lose their markers, list items keep a "-" or their number, links
    keep their address in brackets, table cells are joined with " | ". Raw HTML stays as typed.
    """
    writer = _PlainTextWriter()
    for token in _LEARNER_MARKDOWN.parse(text):
        writer.feed(token)
    return "\n".join(writer.lines).strip()


@dataclass
class _PlainTextWriter:
    lines: list[str] = field(default_factory=list)
    marker: str = ""
    depth: int = 0
    cells: list[str] | None = None

    def feed(self, token: Token) -> None:
        if token.type in {"bullet_list_open", "ordered_list_open"}:
            self.depth += 1
        elif token.type in {"bullet_list_close", "ordered_list_close"}:
            self.depth -= 1
        elif token.type == "list_item_open":
            self.marker = f"{token.info}{token.markup} " if token.info else "- "
        elif token.type == "tr_open":
            self.cells = []
        elif token.type == "tr_close" and self.cells is not None:
            self.lines.append(" | ".join(self.cells))
            self.cells = None
        elif token.type in {"fence", "code_block"}:
            self.lines.append(token.content.rstrip("\n"))
        elif token.type == "inline":
            self._write(_inline_text(token.children or []))

    def _write(self, text: str) -> None:
        if self.cells is not None:
            self.cells.append(text)
            return
        indent = "  " * max(self.depth - 1, 0)
        self.lines.append(f"{indent}{self.marker}{text}")
        self.marker = ""


def _inline_text(children: Sequence[Token]) -> str:
    parts: list[str] = []
    links: list[tuple[str, int]] = []
    for child in children:
        if child.type in {"text", "code_inline", "image"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append("\n")
        elif child.type == "link_open":
            links.append((str(child.attrs.get("href", "")), len(parts)))
        elif child.type == "link_close" and links:
            href, start = links.pop()
            label = "".join(parts[start:])
            if href and href not in {label, f"mailto:{label}"}:
                parts.append(f" ({href})")
    return "".join(parts)


@dataclass(frozen=True)
class PageElement:
    """A heading, image or raw HTML tag in a page, with its 1-based line."""

    tag: str
    line: int
    attributes: Mapping[str, str]


def page_elements(text: str) -> list[PageElement]:
    """List a page's headings, images and raw HTML tags, in order, with their lines."""
    elements: list[PageElement] = []
    for token in _PAGE_MARKDOWN.parse(text):
        line = token.map[0] + 1 if token.map else 1
        if token.type == "heading_open":
            elements.append(PageElement(token.tag, line, {}))
        elif token.type == "html_block":
            elements.extend(_html_elements(token.content, line))
        elif token.type == "inline":
            elements.extend(_inline_elements(token.children or [], line))
    return elements


def _inline_elements(children: Sequence[Token], line: int) -> Iterator[PageElement]:
    for child in children:
        if child.type in {"softbreak", "hardbreak"}:
            line += 1
        elif child.type == "image":
            yield PageElement(
                "img", line, {"src": str(child.attrs.get("src", "")), "alt": child.content}
            )
        elif child.type == "html_inline":
            yield from _html_elements(child.content, line)


def _html_elements(html: str, first_line: int) -> list[PageElement]:
    collector = _TagCollector(first_line)
    collector.feed(html)
    collector.close()
    return collector.elements


class _TagCollector(HTMLParser):
    """Collect the start tags in a fragment of raw HTML."""

    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.elements: list[PageElement] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.first_line + self.getpos()[0] - 1
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append(PageElement(tag, line, attributes))
