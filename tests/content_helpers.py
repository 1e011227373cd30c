"""What the content tests share: reaching into a pack manifest's parts."""

from typing import Any


def modules(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the manifest's modules, to read or edit in place."""
    return manifest["pathway"]["modules"]
