"""Install and upgrade content packs, list them, and serve their pages and figures.

Installing is all or nothing: a pack with any problem is refused with the whole list, and a
valid one is written in one transaction. Module, stage and activity ids are the pack's
stable slugs; an upgrade updates items in place and archives the ones the new version drops,
so learners' progress and work survive. Every install announces a change of ``pathways``,
so all processes rebuild the pathways they keep (see ``pathways``).
"""

from __future__ import annotations

import logging
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from lti_qi import local_copies, paths, transaction
from lti_qi.content import loader, quiz_cues
from lti_qi.content.loader import LoadedPack, PackInvalid, Problem
from lti_qi.content.schema import ActivityNode, PathwayNode, StageNode
from lti_qi.errors import Conflict, InvalidInput, NotFound
from lti_qi.extensions import db
from lti_qi.models import Context
from lti_qi.models.base import utc_now
from lti_qi.models.curriculum import ContentAsset, ContentItem, ContentPack, ItemKind
from lti_qi.services.platforms import registry

logger = logging.getLogger(__name__)

DEFAULT_PACK = "qi-pathway"
ASSET_URL = "/content-assets/{slug}/{version}/{path}"


@dataclass(frozen=True)
class InstallResult:
    """What installing a pack did."""

    pack: ContentPack
    changed: bool
    archived: tuple[str, ...]


def default_pack_path() -> Path:
    """Return the folder of the default QI pathway pack shipped with lti-qi."""
    return paths.package_root() / "content" / "packs" / DEFAULT_PACK


def check_pack(path: Path) -> list[Problem]:
    """Return every problem with the pack at ``path`` (an empty list when it is valid)."""
    if not path.is_dir():
        return [
            Problem(
                str(path), None, "there is no pack folder here", "give the folder holding pack.yaml"
            )
        ]
    return loader.check_pack(path)


def quiz_report(path: Path) -> list[str]:
    """Return the report on how a valid pack's quiz keys are cued (by length and position)."""
    return quiz_cues.key_cues(loader.load_pack(path).manifest).report()


def install_pack(
    path: Path, *, installed_by: str = "operator", platform_id: int | None = None
) -> InstallResult:
    """Install or upgrade a pack from a folder; refuses a pack with any problem.

    Args:
        path: the pack folder.
        installed_by: who installs it, as recorded on the pack.
        platform_id: the registration of a designer who uploads it: a new pack belongs to
            its organisation, and another organisation's pack is refused. None: an operator.

    Raises:
        InvalidInput: listing every problem, when the pack is not valid.
        Conflict: when this version was already installed with different content, or the
            pack id belongs to another organisation.
    """
    try:
        loaded = loader.load_pack(path)
    except PackInvalid as invalid:
        lines = "\n".join(str(problem) for problem in invalid.problems)
        raise InvalidInput(f"The pack was not installed. Problems:\n{lines}") from invalid
    manifest = loaded.manifest
    current = current_pack(manifest.id)
    if current is not None and platform_id is not None:
        _refuse_another_organisation_s(current, platform_id)
    if current is not None and current.content_hash == loaded.content_hash:
        return InstallResult(current, changed=False, archived=())
    _refuse_same_version_with_new_content(manifest.id, manifest.version)
    owner = current.platform_id if current is not None else platform_id
    pack = _store_pack(loaded, installed_by, owner)
    archived = _sync_items(loaded)
    db.session.flush()
    local_copies.announce_change_on_commit("pathways")
    logger.info("installed content pack %s %s", manifest.id, manifest.version)
    return InstallResult(pack, changed=True, archived=archived)


def ensure_default_pack() -> bool:
    """Install the bundled default pack if no version of it is installed yet.

    A new installation then works at its first launch even if the operator never ran
    ``lti-qi setup``; when two processes race to install it, the loser uses the winner's.

    Returns:
        Whether a pack was installed (by this process or a racing one).
    """
    if current_pack(DEFAULT_PACK) is not None:
        return False
    with suppress(IntegrityError), transaction.savepoint():
        install_pack(default_pack_path(), installed_by="lti-qi")
    return True


def list_packs(platform_id: int | None = None, *, every: bool = False) -> list[ContentPack]:
    """Return the installed pack versions an organisation sees, current ones first.

    Args:
        platform_id: a registration: its organisation's own packs and the shared ones are
            returned (None: the shared ones only).
        every: every organisation's packs (for operators).
    """
    query = select(ContentPack).order_by(
        ContentPack.slug, ContentPack.is_current.desc(), ContentPack.id.desc()
    )
    if not every:
        owners = _organisation(platform_id)
        query = query.where(ContentPack.platform_id.is_(None) | ContentPack.platform_id.in_(owners))
    return list(db.session.scalars(query))


def course_platform(context_id: int) -> int | None:
    """Return the registration a course belongs to (its organisation's packs are its own)."""
    return db.session.scalar(select(Context.platform_id).where(Context.id == context_id))


def _organisation(platform_id: int | None) -> frozenset[int]:
    return registry.organisation_ids(platform_id) if platform_id is not None else frozenset()


def _refuse_another_organisation_s(current: ContentPack, platform_id: int) -> None:
    if current.platform_id is None or current.platform_id in _organisation(platform_id):
        return
    raise Conflict(
        f"The pack id {current.slug!r} is taken by another organisation's pack.",
        hint="Give your pack its own id in pack.yaml and load it again.",
    )


def page_html(pack_id: int, page_path: str) -> str:
    """Return a pack page's sanitised HTML.

    Raises:
        NotFound: when the pack has no such page.
    """
    pack = db.session.get(ContentPack, pack_id)
    if pack is None or page_path not in pack.pages:
        raise NotFound("That page is not part of this course's content.")
    return pack.pages[page_path]


def asset(pack_slug: str, version: str, asset_path: str) -> ContentAsset:
    """Return a figure of a pack version.

    Raises:
        NotFound: when there is no such figure.
    """
    query = (
        select(ContentAsset)
        .join(ContentPack, ContentPack.id == ContentAsset.pack_id)
        .where(
            ContentPack.slug == pack_slug,
            ContentPack.version == version,
            ContentAsset.path == asset_path,
        )
    )
    found = db.session.scalar(query)
    if found is None:
        raise NotFound("That figure is not part of this content.")
    return found


def current_pack(slug: str) -> ContentPack | None:
    """Return the current version of a pack, if any version of it is installed."""
    query = select(ContentPack).where(ContentPack.slug == slug, ContentPack.is_current.is_(True))
    return db.session.scalar(query)


def _refuse_same_version_with_new_content(slug: str, version: str) -> None:
    query = select(ContentPack.id).where(ContentPack.slug == slug, ContentPack.version == version)
    if db.session.scalar(query) is not None:
        raise Conflict(
            f"Version {version} of pack {slug} is already installed with different content.",
            hint="Raise the version in pack.yaml (for example 1.0.1) and load it again.",
        )


def _store_pack(loaded: LoadedPack, installed_by: str, platform_id: int | None) -> ContentPack:
    manifest = loaded.manifest
    db.session.execute(
        update(ContentPack).where(ContentPack.slug == manifest.id).values(is_current=False)
    )

    def asset_url(relative: str) -> str:
        return ASSET_URL.format(slug=manifest.id, version=manifest.version, path=relative)

    pack = ContentPack(
        slug=manifest.id,
        version=manifest.version,
        title=manifest.title,
        content_hash=loaded.content_hash,
        manifest=manifest.model_dump(mode="json"),
        pages={page: loaded.page_html(page, asset_url=asset_url) for page in loaded.pages},
        is_current=True,
        installed_by=installed_by,
        platform_id=platform_id,
    )
    db.session.add(pack)
    db.session.flush()
    for figure_path, figure in loaded.figures.items():
        db.session.add(
            ContentAsset(
                pack_id=pack.id, path=figure_path, media_type=figure.media_type, data=figure.content
            )
        )
    return pack


def _sync_items(loaded: LoadedPack) -> tuple[str, ...]:
    """Create or update an item per module, stage and activity; archive the ones dropped."""
    slug = loaded.manifest.id
    existing = {
        item.slug: item
        for item in db.session.scalars(select(ContentItem).where(ContentItem.pack_slug == slug))
    }
    seen: set[str] = set()
    for position, node in enumerate(loaded.walk()):
        item = existing.get(node.id) or ContentItem(pack_slug=slug, slug=node.id)
        item.kind, item.title, item.parent_slug = _describe(node)
        item.position, item.archived_at = position, None
        db.session.add(item)
        seen.add(node.id)
    dropped = [
        item
        for item_slug, item in existing.items()
        if item_slug not in seen and item.archived_at is None
    ]
    for item in dropped:
        item.archived_at = utc_now()
    return tuple(sorted(item.slug for item in dropped))


def _describe(node: PathwayNode) -> tuple[ItemKind, str, str | None]:
    """Return a node's kind, title and parent's slug."""
    if isinstance(node, ActivityNode):
        return ItemKind.ACTIVITY, node.activity.title, node.stage.id
    if isinstance(node, StageNode):
        return ItemKind.STAGE, node.stage.title, node.module.id
    return ItemKind.MODULE, node.module.title, None
