"""Read pack.yaml keeping the line of every key, so problems can point at it.

PyYAML composes a node tree whose nodes carry marks (line, column) before it constructs Python
values. We keep both: the values for validation, the nodes to map a location such as
("pathway", "modules", 0, "stages", 1, "prerequisites", 0) back to its line. The node tree also
shows duplicate keys, which plain YAML loading silently collapses to the last one.

Aliases (`*name`) are recorded so the loader can refuse them: a few nested aliases can stand for
millions of items once validated, and a pack is easier to read written out in full.

A manifest over `MAX_MANIFEST_BYTES`, or nesting lists and mappings deeper than `MAX_DEPTH`, is
refused before its node tree is built (`ManifestTooBig`): composing the tree is recursive and
slow, so a 14 MB or 5,000-deep manifest held a web thread for seconds and then failed.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import yaml

Location = Sequence[str | int]

MAX_MANIFEST_BYTES = 1024 * 1024
"""The largest pack.yaml read: about nine times the bundled pathway's manifest."""

MAX_DEPTH = 32
"""The deepest nesting of lists and mappings read; the bundled pathway's manifest needs 12."""


class ManifestTooBig(ValueError):
    """The manifest is larger, or nested deeper, than lti-qi reads; the message says which."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def check_size(size: int) -> None:
    """Refuse a manifest of `size` bytes if it is over `MAX_MANIFEST_BYTES`.

    Raises:
        ManifestTooBig: The manifest is too large.
    """
    if size > MAX_MANIFEST_BYTES:
        raise ManifestTooBig(
            f"the file is {size / 1024 / 1024:.1f} MB; a manifest may be "
            f"{MAX_MANIFEST_BYTES // 1024 // 1024} MB at most."
        )


@dataclass(frozen=True)
class Manifest:
    """The parsed manifest: constructed values and the node tree they came from."""

    data: object
    root: yaml.Node | None
    alias_lines: tuple[int, ...] = ()

    def line_of(self, location: Location) -> int | None:
        """Return the 1-based line of the key or item at `location`.

        Parts of the location that are not keys (the discriminator tag pydantic puts after a list
        index, such as "reading", or a key the manifest lacks) leave the line at the deepest node
        found, so a missing key points at the mapping that should hold it.
        """
        if self.root is None:
            return None
        node: yaml.Node = self.root
        line: int = self.root.start_mark.line + 1
        previous: str | int | None = None
        for part in location:
            found = None if _is_tag(node, previous, part) else _child(node, part)
            previous = part
            if found is not None:
                key_node, node = found
                line = (key_node or node).start_mark.line + 1
        return line

    def duplicate_keys(self) -> Iterator[tuple[str, int, int]]:
        """Yield (key, line, first line) for every key written twice in one mapping."""
        for mapping in _mappings(self.root, set()):
            first_lines: dict[str, int] = {}
            for key_node, _ in mapping.value:
                line = key_node.start_mark.line + 1
                key = str(key_node.value)
                if key in first_lines:
                    yield key, line, first_lines[key]
                first_lines.setdefault(key, line)


def parse(text: str) -> Manifest:
    """Parse manifest text with PyYAML's safe loader.

    Raises:
        yaml.YAMLError: The text is not valid YAML; marked errors carry the line.
        ManifestTooBig: The text is over `MAX_MANIFEST_BYTES` or nests deeper than `MAX_DEPTH`.
    """
    check_size(len(text.encode("utf-8", "surrogatepass")))
    alias_lines = _scan(text)
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return Manifest(data, root, alias_lines)


def _scan(text: str) -> tuple[int, ...]:
    """Return the lines of the aliases, reading events only: no recursion, stops at `MAX_DEPTH`."""
    depth, alias_lines = 0, []
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark is not None else None
                raise ManifestTooBig(
                    f"lists and mappings nest more than {MAX_DEPTH} deep here; "
                    f"a pack needs far fewer levels.",
                    line,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            alias_lines.append(event.start_mark.line + 1)
    return tuple(alias_lines)


def _is_tag(node: yaml.Node, previous: str | int | None, part: str | int) -> bool:
    if not isinstance(previous, int) or not isinstance(node, yaml.MappingNode):
        return False
    kinds = [value.value for key, value in node.value if key.value == "kind"]
    return kinds[-1:] == [part]


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        matches = [(key, value) for key, value in node.value if key.value == part]
        return matches[-1] if matches else None
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        return None, node.value[part]
    return None


def _mappings(node: yaml.Node | None, seen: set[int]) -> Iterator[yaml.MappingNode]:
    """Yield every mapping node once (anchors and aliases can share, even loop, nodes)."""
    if node is None or id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        yield node
        for key_node, value_node in node.value:
            yield from _mappings(key_node, seen)
            yield from _mappings(value_node, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _mappings(item, seen)
