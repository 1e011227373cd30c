"""Rules that span a pack's tree: unique ids, backward prerequisites, CPD hours that add up.

Learners' work is keyed by module, stage and activity ids, so each id is unique across the pack.
A prerequisite names an item of the same level that comes earlier in the pathway: this forbids
cycles by construction and keeps the order a learner sees the order they can work in. A module's
stages may not claim more CPD hours than the module.

The rules read plain data (the parsed YAML, or a dumped `schema.Pack`) and tolerate anything
malformed, so the loader can report them together with schema errors rather than after them.
"""

import difflib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

Location = tuple[str | int, ...]
_LEVELS = (("modules", "module"), ("stages", "stage"), ("activities", "activity"))
_LISTED_IDS = 10


@dataclass(frozen=True)
class Issue:
    """A broken rule at a location in the manifest (keys and list indexes from the root)."""

    location: Location
    message: str
    fix: str


@dataclass(frozen=True)
class Item:
    """A module, stage or activity as written in the manifest, however malformed."""

    level: str
    id: str | None
    location: Location
    fields: Mapping[str, object]

    @property
    def prerequisites(self) -> Sequence[object]:
        """The prerequisites as written, or () if they are not a list."""
        return _sequence(self.fields.get("prerequisites"))


def find_issues(manifest: object) -> list[Issue]:
    """Return every tree-spanning rule the manifest breaks, in document order."""
    all_items = list(pathway_items(manifest))
    return [
        *_duplicate_ids(all_items),
        *_prerequisite_issues(all_items),
        *_cpd_issues(manifest),
        *_duplicate_reference_ids(manifest),
    ]


def _mapping(value: object) -> Mapping[str, object]:
    return value if isinstance(value, Mapping) else {}


def _sequence(value: object) -> Sequence[object]:
    return value if isinstance(value, list | tuple) else ()


def pathway_items(manifest: object) -> Iterator[Item]:
    """Yield the manifest's modules, stages and activities in document order."""
    yield from _items_under(_mapping(_mapping(manifest).get("pathway")), ("pathway",), 0)


def _items_under(parent: Mapping[str, object], location: Location, depth: int) -> Iterator[Item]:
    if depth == len(_LEVELS):
        return
    key, level = _LEVELS[depth]
    for index, raw in enumerate(_sequence(parent.get(key))):
        child = _mapping(raw)
        child_location = (*location, key, index)
        item_id = child.get("id")
        yield Item(level, item_id if isinstance(item_id, str) else None, child_location, child)
        yield from _items_under(child, child_location, depth + 1)


def _duplicate_ids(items: list[Item]) -> Iterator[Issue]:
    first_by_id: dict[str, Item] = {}
    for item in items:
        if item.id is None:
            continue
        first = first_by_id.setdefault(item.id, item)
        if first is not item:
            yield Issue(
                (*item.location, "id"),
                f'{item.level} id "{item.id}" is already the id of an earlier {first.level}.',
                "give every module, stage and activity its own id across the whole pack",
            )


def _prerequisite_issues(items: list[Item]) -> Iterator[Issue]:
    ids_by_level: dict[str, list[str]] = {level: [] for _, level in _LEVELS}
    level_by_id = {item.id: item.level for item in items if item.id is not None}
    for item in items:
        earlier = ids_by_level[item.level]
        for index, wanted in enumerate(item.prerequisites):
            if isinstance(wanted, str) and wanted not in earlier:
                message, fix = _explain_prerequisite(item, wanted, earlier, level_by_id)
                yield Issue((*item.location, "prerequisites", index), message, fix)
        if item.id is not None:
            earlier.append(item.id)


def _explain_prerequisite(
    item: Item, wanted: str, earlier: list[str], level_by_id: Mapping[str, str]
) -> tuple[str, str]:
    """Say why a prerequisite is not an earlier item of the same level, and what to write."""
    subject = f'{item.level} "{item.id}" requires "{wanted}"'
    if wanted == item.id:
        return f"{subject}, which is itself.", "remove it from the prerequisites"
    wanted_level = level_by_id.get(wanted)
    if wanted_level is None:
        reason = "which does not exist"
    elif wanted_level != item.level:
        reason = f"which is a {wanted_level}, not a {item.level}"
    else:
        return (
            f"{subject}, which comes after it.",
            f'move "{wanted}" before "{item.id}", or remove the prerequisite',
        )
    return f"{subject}, {reason}.", _earlier_ids_fix(wanted, earlier, item.level)


def _earlier_ids_fix(wanted: str, earlier: list[str], level: str) -> str:
    if not earlier:
        return f"remove it: no {level} comes before this one"
    close = difflib.get_close_matches(wanted, earlier, n=1)
    hint = f'did you mean "{close[0]}"? ' if close else ""
    listed = ", ".join(earlier[-_LISTED_IDS:])
    more = ", ..." if len(earlier) > _LISTED_IDS else ""
    return f"{hint}use one of the earlier ids: {listed}{more}"


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _cpd_issues(manifest: object) -> Iterator[Issue]:
    modules = _sequence(_mapping(_mapping(manifest).get("pathway")).get("modules"))
    for index, raw in enumerate(modules):
        module = _mapping(raw)
        module_hours = _number(module.get("cpd_hours"))
        stage_hours = [
            _number(_mapping(stage).get("cpd_hours")) for stage in _sequence(module.get("stages"))
        ]
        total = sum(hours for hours in stage_hours if hours is not None)
        if module_hours is not None and total > module_hours:
            yield Issue(
                ("pathway", "modules", index, "cpd_hours"),
                f'module "{module.get("id")}" has {module_hours:g} CPD hours, '
                f"but its stages add up to {total:g}.",
                "raise the module's cpd_hours, or lower its stages' cpd_hours",
            )


def _duplicate_reference_ids(manifest: object) -> Iterator[Issue]:
    seen: set[object] = set()
    for index, raw in enumerate(_sequence(_mapping(manifest).get("references"))):
        reference_id = _mapping(raw).get("id")
        if reference_id in seen:
            yield Issue(
                ("references", index, "id"),
                f'reference id "{reference_id}" is used twice.',
                "give each reference its own id",
            )
        if isinstance(reference_id, str):
            seen.add(reference_id)
