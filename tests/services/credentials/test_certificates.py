"""CPD records: issued once per completion, snapshotted, printed with the right name, found."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
import segno
import sqlalchemy as sa
from sqlalchemy import func, select

from lti_qi.domain.course import SignoffStatus
from lti_qi.errors import Forbidden, InvalidInput, NotFound
from lti_qi.extensions import db
from lti_qi.models import CpdKind, CpdRecord, Platform, Reflection, StageSignoff
from lti_qi.models.base import utc_now
from lti_qi.services.content import packs, pathways
from lti_qi.services.credentials import certificate_pdf, certificates, verification

from cpd_helpers import (
    REFLECTION,
    finish_module,
    finish_pathway,
    issue,
    new_course,
    new_user,
    pdf_grey_images,
    pdf_text,
)

NAME = "Zoë Łukasz-Nguyễn"
PATHWAY_HOURS = 2.25 + 2 + 4.25 + 2.5 + 2.5 + 2.25 + 3.5


@contextmanager
def _counting_selects() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def test_completing_module_one_issues_exactly_one_record(people) -> None:
    learner, course, mentor = people
    finish_module(learner, course, "aim", mentor_id=mentor)
    (record,) = issue(learner, course)
    assert issue(learner, course) == []
    assert db.session.scalar(select(func.count(CpdRecord.id))) == 1
    aim = pathways.pathway(packs.DEFAULT_PACK).find_module("aim")
    assert (record.kind, record.module_item_id, record.title) == (CpdKind.MODULE, aim.id, aim.title)
    assert record.hours == 2.25
    assert record.learning_outcomes == list(aim.learning_outcomes)
    assert record.holder_name == NAME
    assert record.organiser == "lti-qi on behalf of Improving care on Ward 7"
    assert REFLECTION in record.reflection
    assert record.signoffs == [
        {
            "module": "Choosing a project and writing an aim",
            "stage": "Apply",
            "mentor": "Dan Evans",
            "date": (utc_now() - timedelta(days=1)).date().isoformat(),
        }
    ]
    assert record.started_at < record.completed_at <= record.issued_at
    assert record.score == 100.0
    assert len(record.serial) == 36
    assert not record.is_revoked


def test_issuing_leaves_the_commit_to_its_caller(people) -> None:
    learner, course, mentor = people
    finish_module(learner, course, "aim", mentor_id=mentor)
    assert len(certificates.issue_completions(learner, course)) == 1
    db.session.rollback()
    assert certificates.records_for(learner, course) == []


def test_a_module_waiting_for_sign_off_earns_nothing(people) -> None:
    learner, course, mentor = people
    finish_module(learner, course, "aim", mentor_id=mentor)
    db.session.execute(sa.update(StageSignoff).values(status=SignoffStatus.SUBMITTED))
    db.session.commit()
    assert issue(learner, course) == []


def test_the_record_keeps_what_was_true_when_it_was_issued(people) -> None:
    learner, course, mentor = people
    finish_module(learner, course, "aim", mentor_id=mentor)
    issue(learner, course)
    db.session.execute(sa.update(Reflection).values(text="Rewritten afterwards."))
    db.session.commit()
    assert REFLECTION in certificates.records_for(learner, course)[0].reflection


def test_the_pathway_record_comes_once_every_module_is_complete(people) -> None:
    learner, course, mentor = people
    finish_module(learner, course, "aim", mentor_id=mentor)
    assert [r.kind for r in issue(learner, course)] == [CpdKind.MODULE]
    for slug in ("team", "system", "measures", "pdsa", "sustain", "share"):
        finish_module(learner, course, slug, mentor_id=mentor)
    issued = issue(learner, course)
    assert [r.kind for r in issued] == [CpdKind.MODULE] * 6 + [CpdKind.PATHWAY]
    pathway = issued[-1]
    assert pathway.module_item_id is None
    assert pathway.hours == PATHWAY_HOURS == 19.25
    assert pathway.title == pathways.pathway(packs.DEFAULT_PACK).title
    assert len(pathway.signoffs) == 8
    assert issue(learner, course) == []
    assert [r.kind for r in certificates.records_for(learner, course)][-1] == CpdKind.PATHWAY


def test_issuing_reads_the_same_number_of_rows_for_one_module_or_the_whole_pathway(
    people,
) -> None:
    learner, course, mentor = people
    finish_module(learner, course, "aim", mentor_id=mentor)
    with _counting_selects() as one_module:
        certificates.issue_completions(learner, course)
    db.session.commit()
    other = new_user("learner-ben", "Ben", "Carter")
    finish_pathway(other, course, mentor_id=mentor)
    with _counting_selects() as whole_pathway:
        assert len(certificates.issue_completions(other, course)) == 8
    db.session.commit()
    assert len(one_module) == len(whole_pathway) <= 10


def test_the_certificate_prints_what_cpd_evidence_needs(people) -> None:
    learner, course, mentor = people
    finish_module(learner, course, "aim", mentor_id=mentor)
    (record,) = issue(learner, course)
    data = certificates.certificate_pdf(record)
    assert data.startswith(b"%PDF-")
    assert b"/MediaBox [0 0 595.28 841.89]" in data
    text = " ".join(pdf_text(data).split())
    url = f"http://tool.test/verify/{record.serial}"
    for expected in (
        NAME,
        "Choosing a project and writing an aim",
        "2.25 hours (2.25 CPD credits at 1 credit per hour)",
        "lti-qi on behalf of Improving care on Ward 7",
        "CPD approval: see your course",
        "Apply: signed off by Dan Evans",
        "By the end you can write a SMART aim statement",
        url,
        f"Certificate number: {record.serial}",
    ):
        assert expected in text
    assert REFLECTION not in text


def test_the_certificates_qr_code_is_the_verification_url(people) -> None:
    learner, course, mentor = people
    finish_module(learner, course, "aim", mentor_id=mentor)
    (record,) = issue(learner, course)
    ((width, height, pixels),) = pdf_grey_images(certificates.certificate_pdf(record))
    expected = segno.make(f"http://tool.test/verify/{record.serial}", error="m").matrix
    scale, border = certificate_pdf.QR_SCALE, certificate_pdf.QR_BORDER
    assert width == height == (len(expected) + 2 * border) * scale

    def is_dark(row: int, column: int) -> bool:
        y, x = ((border + row) * scale + scale // 2, (border + column) * scale + scale // 2)
        return pixels[y * width + x] < 128

    read = [[is_dark(r, c) for c in range(len(expected))] for r in range(len(expected))]
    assert read == [[bool(module) for module in row] for row in expected]


def test_a_learner_whose_lms_shares_no_name_sets_the_name_to_print(people) -> None:
    _, course, mentor = people
    learner = new_user("learner-anonymous")
    finish_module(learner, course, "aim", mentor_id=mentor)
    (record,) = issue(learner, course)
    unnamed_badge = record.badge_jwt
    assert record.holder_name == ""
    assert certificates.can_set_name(learner)
    assert "identifier" not in certificates.badge_credential(record)["credentialSubject"]
    with pytest.raises(InvalidInput, match="no name to print"):
        certificates.certificate_pdf(record)
    certificates.set_certificate_name(learner, course, "  Sam   Taylor ")
    assert record.holder_name == "Sam Taylor"
    assert "Sam Taylor" in pdf_text(certificates.certificate_pdf(record))
    subject = certificates.badge_credential(record)["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Sam Taylor"
    assert verification.verify_badge_jwt(record.badge_jwt).is_valid
    reissued = verification.verify_badge_jwt(unnamed_badge)
    assert not reissued.is_valid
    assert "reissued" in reissued.problems[0]
    finish_module(learner, course, "team", mentor_id=mentor)
    assert issue(learner, course)[0].holder_name == "Sam Taylor"


def test_the_name_the_lms_shares_cannot_be_replaced(people) -> None:
    learner, course, _ = people
    assert not certificates.can_set_name(learner)
    with pytest.raises(Forbidden):
        certificates.set_certificate_name(learner, course, "Someone Else")


def test_a_name_needs_a_record_and_a_sensible_length(people) -> None:
    _, course, _ = people
    learner = new_user("learner-anonymous")
    with pytest.raises(InvalidInput, match="finish a module first"):
        certificates.set_certificate_name(learner, course, "Sam Taylor")
    with pytest.raises(InvalidInput, match="up to 300"):
        certificates.set_certificate_name(learner, course, "x" * 301)


def test_records_are_found_by_learner_course_platform_and_dates(people, sandbox) -> None:
    learner, course, mentor = people
    platform_id = db.session.scalar(select(Platform.id))
    other_course = new_course("Outpatients QI", platform_id=platform_id)
    finish_module(learner, course, "aim", mentor_id=mentor, finished_days_ago=30)
    finish_module(learner, other_course, "aim", mentor_id=mentor, finished_days_ago=3)
    issue(learner, course)
    issue(learner, other_course)
    assert len(certificates.search_records(user_id=learner)) == 2
    assert [r.context_id for r in certificates.search_records(context_id=course)] == [course]
    by_platform = certificates.search_records(platform_id=platform_id)
    assert [r.context_id for r in by_platform] == [other_course]
    ten_days_ago = utc_now() - timedelta(days=10)
    recent = certificates.search_records(completed_from=ten_days_ago)
    assert [r.context_id for r in recent] == [other_course]
    older = certificates.search_records(user_id=learner, completed_before=ten_days_ago)
    assert [r.context_id for r in older] == [course]


def test_records_are_scoped_to_their_learner(people) -> None:
    learner, course, mentor = people
    finish_module(learner, course, "aim", mentor_id=mentor)
    (record,) = issue(learner, course)
    assert certificates.record_for(learner, course, record.serial) is record
    with pytest.raises(NotFound):
        certificates.record_for(mentor, course, record.serial)
    with pytest.raises(NotFound):
        certificates.record_for(learner, new_course("Elsewhere"), record.serial)
