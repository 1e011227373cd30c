"""Helpers for the CPD tests: finished modules written straight into the database, and PDF reading.

The PDF reader is just enough for what fpdf2 writes (Identity-H fonts with a ToUnicode map,
literal strings shown with Tj, 8-bit grey images with PNG predictors): no PDF library is a
dependency, and a certificate's text and QR code must be checked all the same.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from datetime import datetime, timedelta

from lti_qi.domain.course import Activity, ActivityStatus, SignoffStatus
from lti_qi.extensions import db
from lti_qi.models import (
    ActivityProgress,
    Context,
    CpdRecord,
    Reflection,
    StageSignoff,
    User,
)
from lti_qi.models.base import utc_now
from lti_qi.services.base import projects
from lti_qi.services.content import pathways
from lti_qi.services.credentials import certificates

REFLECTION = (
    "Writing the aim made me count how many trays really come back untouched on our ward. "
    "Next I will test a red tray for people who need help with eating."
)


def new_user(sub: str, given_name: str | None = None, family_name: str | None = None) -> int:
    """Create a person as a launch would (inside an app context); return their id."""
    user = User(issuer="http://lms.test", sub=sub, given_name=given_name, family_name=family_name)
    db.session.add(user)
    db.session.commit()
    return user.id


def new_course(title: str = "Improving care on Ward 7", platform_id: int | None = None) -> int:
    """Create a course as a launch would (inside an app context); return its id."""
    course = Context(
        issuer="http://lms.test",
        deployment_id="1",
        lti_context_id=title,
        title=title,
        platform_id=platform_id,
    )
    db.session.add(course)
    db.session.commit()
    return course.id


def finish_module(
    user_id: int, context_id: int, slug: str, *, mentor_id: int, finished_days_ago: int = 1
) -> None:
    """Complete every activity of a module, sign its stages off and write its reflection."""
    course = pathways.pathway(pathways.course_setting(context_id).pack_slug)
    module = course.find_module(slug)
    project = projects.project_for(user_id, context_id)
    finished = utc_now() - timedelta(days=finished_days_ago)
    started = finished - timedelta(days=9)
    activities = list(module.activities())
    add_completed_progress(user_id, context_id, activities, started=started, finished=finished)
    for activity in activities:
        if activity.kind == "reflection":
            db.session.add(
                Reflection(
                    user_id=user_id, context_id=context_id, item_id=activity.id, text=REFLECTION
                )
            )
    for stage in module.stages:
        if stage.requires_signoff:
            db.session.add(
                StageSignoff(
                    project_id=project.id,
                    item_id=stage.id,
                    status=SignoffStatus.SIGNED_OFF,
                    decided_by=mentor_id,
                    decided_at=finished,
                )
            )
    db.session.commit()


def finish_pathway(user_id: int, context_id: int, *, mentor_id: int) -> None:
    """Complete every module of the course's pathway."""
    course = pathways.pathway(pathways.course_setting(context_id).pack_slug)
    for module in course.modules:
        finish_module(user_id, context_id, module.slug, mentor_id=mentor_id)


_OBJECT = re.compile(rb"(\d+) 0 obj\s*<<\n(.*?)\n>>\s*(stream\r?\n)?", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def pdf_objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Return each object's dictionary text and (decompressed) stream, by object number."""
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    for match in _OBJECT.finditer(data):
        body, stream = match.group(2), None
        if match.group(3):
            length = int(re.search(rb"/Length (\d+)", body).group(1))
            raw = data[match.end() : match.end() + length]
            stream = zlib.decompress(raw) if b"/FlateDecode" in body else raw
        objects[int(match.group(1))] = (body, stream)
    return objects


def pdf_text(data: bytes) -> str:
    """Return the text shown on the pages, one shown string a line."""
    objects = pdf_objects(data)
    maps = {}
    for body, _ in objects.values():
        for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", body):
            font = objects[int(number)][0]
            to_unicode = int(re.search(rb"/ToUnicode (\d+) 0 R", font).group(1))
            maps[name] = _cmap(objects[to_unicode][1] or b"")
    shown = []
    for body, stream in objects.values():
        if stream is None or b"/Subtype" in body or b" Tj" not in stream:
            continue
        font = None
        for match in re.finditer(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", stream, re.S):
            if match.group(1):
                font = match.group(1)
                continue
            codes = _unescape(match.group(2))
            cids = [int.from_bytes(codes[i : i + 2], "big") for i in range(0, len(codes), 2)]
            shown.append("".join(maps[font].get(cid, "?") for cid in cids))
    return "\n".join(shown)


def pdf_grey_images(data: bytes) -> list[tuple[int, int, bytes]]:
    """Return each 8-bit grey image as (width, height, pixels row by row)."""
    images = []
    for body, stream in pdf_objects(data).values():
        if b"/Subtype /Image" not in body or b"/DeviceGray" not in body:
            continue
        width = int(re.search(rb"/Width (\d+)", body).group(1))
        height = int(re.search(rb"/Height (\d+)", body).group(1))
        rows = [stream[row * (width + 1) : (row + 1) * (width + 1)] for row in range(height)]
        assert all(row[0] == 0 for row in rows), "only PNG filter 'None' rows are read here"
        images.append((width, height, b"".join(row[1:] for row in rows)))
    return images


def _cmap(stream: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for source, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(source, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
        for low, high, target in re.findall(rb"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            for offset in range(int(high, 16) - int(low, 16) + 1):
                mapping[int(low, 16) + offset] = chr(int(target, 16) + offset)
    return mapping


def _unescape(raw: bytes) -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8)])
        return _ESCAPES.get(escaped, escaped)

    return re.sub(rb"\\([0-7]{1,3}|.)", replace, raw, flags=re.S)


def issue(user_id: int, context_id: int) -> list[CpdRecord]:
    """Issue the records the learner's completions earn, and commit them."""
    records = certificates.issue_completions(user_id, context_id)
    db.session.commit()
    return records


def add_completed_progress(
    user_id: int,
    context_id: int,
    activities: Iterable[Activity],
    *,
    started: datetime,
    finished: datetime,
) -> None:
    """Add a completed progress row for each activity (knowledge checks at 100%)."""
    for activity in activities:
        db.session.add(
            ActivityProgress(
                user_id=user_id,
                context_id=context_id,
                item_id=activity.id,
                status=ActivityStatus.COMPLETE,
                score=100.0 if activity.kind == "knowledge_check" else None,
                started_at=started,
                completed_at=finished,
                updated_at=finished,
            )
        )
