"""Check and load content packs: every problem at once, or a whole, valid pack.

`check_pack` is what `lti-qi content check PATH` prints: YAML syntax errors, schema errors,
tree-rule errors and file errors, all collected in one pass and each located by file and line.
`load_pack` runs the same checks and either returns a `LoadedPack` (manifest, rendered pages,
figures, content hash) or raises `PackInvalid` with the list; it never returns part of a pack.

The content hash covers the manifest's meaning (canonical JSON, so YAML comments and layout do
not count), the pages and the figures, with line endings normalised: the same pack hashes the
same on every machine, and an installer can tell whether a pack changed.
"""

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml
from pydantic import ValidationError

from lti_qi.content import files, manifest_yaml, problems, render, rules, schema
from lti_qi.content.files import Figure
from lti_qi.content.problems import MANIFEST_FILE, PackInvalid, Problem

__all__ = ["Figure", "LoadedPack", "PackInvalid", "Problem", "check_pack", "load_pack"]
_SAVE_AS_UTF8 = "save it as UTF-8"
_WRITE_OUT = "write the values out in full here instead of repeating an anchor (&name)"


@dataclass(frozen=True)
class LoadedPack:
    """A fully valid content pack, read into memory.

    Attributes:
        root: The folder the pack was loaded from.
        manifest: The validated manifest.
        pages: Each page path (as in pack.yaml) mapped to its sanitised HTML; figures keep
            their pack-relative paths (use `page_html` to point them at served URLs).
        page_sources: Each page path mapped to its Markdown.
        figures: Each figure path (as written in pages) mapped to its bytes and media type.
        content_hash: SHA-256 hex digest of manifest, pages and figures.
    """

    root: Path
    manifest: schema.Pack
    pages: Mapping[str, str]
    page_sources: Mapping[str, str]
    figures: Mapping[str, Figure]
    content_hash: str

    def walk(self) -> Iterator[schema.PathwayNode]:
        """Yield every module, stage and activity in pathway order, each with its parents."""
        return self.manifest.walk()

    def find(self, item_id: str) -> schema.PathwayNode:
        """Return the module, stage or activity with this id.

        Raises:
            KeyError: No module, stage or activity has this id.
        """
        return self.manifest.find(item_id)

    def page_html(self, path: str, *, asset_url: Callable[[str], str] | None = None) -> str:
        """Render a page again with its figures pointing at served URLs.

        Raises:
            KeyError: The pack has no page at this path.
        """
        return render.render_markdown(self.page_sources[path], asset_url=asset_url)


def check_pack(path: Path) -> list[Problem]:
    """Return every problem with the pack in folder `path`, ordered by file and line."""
    found, _ = _inspect(path)
    return found


def load_pack(path: Path) -> LoadedPack:
    """Load the pack in folder `path`.

    Raises:
        PackInvalid: The pack has problems; all of them are listed on the exception.
    """
    found, pack = _inspect(path)
    if found or pack is None:
        raise PackInvalid(found)
    return pack


def _inspect(path: Path) -> tuple[list[Problem], LoadedPack | None]:
    manifest, found = _read_manifest(path)
    if manifest is None:
        return found, None
    model, schema_problems = _validate(manifest)
    found += schema_problems
    found += problems.from_issues(rules.find_issues(manifest.data), manifest)
    pack_files = files.read_files(path, _page_references(manifest))
    found += pack_files.problems
    if found or model is None:
        return problems.sorted_problems(found), None
    return [], _assemble(path, model, pack_files)


def _read_manifest(root: Path) -> tuple[manifest_yaml.Manifest | None, list[Problem]]:
    """Parse pack.yaml; without a manifest to validate, the problems found so far are final."""
    path = root / MANIFEST_FILE
    if not path.is_file():
        message = f'"{root}" holds no {MANIFEST_FILE}.'
        return None, [Problem(MANIFEST_FILE, None, message, "give the folder that holds it")]
    try:
        manifest_yaml.check_size(path.stat().st_size)
        manifest = manifest_yaml.parse(path.read_bytes().decode("utf-8-sig"))
    except manifest_yaml.ManifestTooBig as error:
        return None, [too_big_problem(error)]
    except UnicodeDecodeError:
        return None, [Problem(MANIFEST_FILE, None, "the file is not UTF-8 text.", _SAVE_AS_UTF8)]
    except yaml.YAMLError as error:
        return None, [_syntax_problem(error)]
    unusable = _unusable_manifest_problems(manifest)
    if unusable:
        return None, unusable
    return manifest, [
        Problem(
            MANIFEST_FILE, line, f'"{key}" is written twice here.', f"keep one (see line {first})"
        )
        for key, line, first in manifest.duplicate_keys()
    ]


def too_big_problem(error: manifest_yaml.ManifestTooBig) -> Problem:
    """Return the problem of a manifest over the size or nesting limit, with how to fix it."""
    return Problem(MANIFEST_FILE, error.line, str(error), "split the pack, or write it out flatter")


def _unusable_manifest_problems(manifest: manifest_yaml.Manifest) -> list[Problem]:
    if not isinstance(manifest.data, Mapping):
        message = "the file does not hold a mapping of keys such as id:, title:, pathway:."
        return [Problem(MANIFEST_FILE, 1, message, f"start from the example in {problems.DOCS}")]
    return [
        Problem(MANIFEST_FILE, line, "YAML aliases (*name) are not supported.", _WRITE_OUT)
        for line in manifest.alias_lines
    ]


def _syntax_problem(error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    reason = getattr(error, "problem", None) or str(error)
    return Problem(
        MANIFEST_FILE,
        line,
        f"YAML syntax error: {reason}.",
        'check the indentation, and quote text that holds ": " or starts with a special character',
    )


def _validate(manifest: manifest_yaml.Manifest) -> tuple[schema.Pack | None, list[Problem]]:
    try:
        return schema.Pack.model_validate(manifest.data), []
    except ValidationError as error:
        return None, problems.from_validation_error(error, manifest)


def _page_references(manifest: manifest_yaml.Manifest) -> list[tuple[str, int | None]]:
    """List each page path named by an activity, with the line that names it."""
    return [
        (str(item.fields["page"]), manifest.line_of((*item.location, "page")))
        for item in rules.pathway_items(manifest.data)
        if item.level == "activity" and isinstance(item.fields.get("page"), str)
    ]


def _assemble(root: Path, model: schema.Pack, pack_files: files.PackFiles) -> LoadedPack:
    pages = {path: render.render_markdown(text) for path, text in pack_files.pages.items()}
    return LoadedPack(
        root=root,
        manifest=model,
        pages=MappingProxyType(pages),
        page_sources=MappingProxyType(dict(pack_files.pages)),
        figures=MappingProxyType(dict(pack_files.figures)),
        content_hash=_content_hash(model, pack_files),
    )


def _content_hash(model: schema.Pack, pack_files: files.PackFiles) -> str:
    manifest = json.dumps(
        model.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    entries = [
        (MANIFEST_FILE, manifest.encode()),
        *((path, pack_files.pages[path].encode()) for path in sorted(pack_files.pages)),
        *(
            (path, _normalised(path, pack_files.figures[path]))
            for path in sorted(pack_files.figures)
        ),
    ]
    digest = hashlib.sha256()
    for name, content in entries:
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def _normalised(path: str, figure: Figure) -> bytes:
    """Return a figure's bytes with text line endings normalised (Git may convert SVG's)."""
    is_text = path.lower().endswith(".svg")
    return figure.content.replace(b"\r\n", b"\n") if is_text else figure.content
