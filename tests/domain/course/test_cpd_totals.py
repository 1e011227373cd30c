"""A learner's CPD total (module records count, never a pathway record on top) and accreditation."""

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from lti_qi.domain.course import Module, course_cpd_hours, cpd


@dataclass(frozen=True)
class _Record:
    kind: str
    hours: float
    is_revoked: bool = False


def _module(slug: str, hours: float) -> Module:
    return Module(1, slug, slug.title(), "", 60, hours, 70, (), (), ())


def test_a_pathway_record_never_adds_to_its_modules() -> None:
    records = [_Record("module", 2.25), _Record("module", 17.0), _Record("pathway", 19.25)]
    assert cpd.learner_cpd_hours(records) == 19.25  # not 38.5
    assert cpd.counted_hours(records[2]) == 0


def test_a_revoked_record_counts_for_nothing() -> None:
    records = [_Record("module", 2.25), _Record("module", 4.25, is_revoked=True)]
    assert cpd.learner_cpd_hours(records) == 2.25
    assert cpd.learner_cpd_hours([]) == 0


@given(st.lists(st.sampled_from([0.25, 1.0, 2.25, 4.25, 6.5]), min_size=1, max_size=8))
def test_a_finished_pathway_totals_its_course_hours(hours: list[float]) -> None:
    modules = [_module(f"m{index}", each) for index, each in enumerate(hours)]
    records = [_Record("module", cpd.round_hours(module.cpd_hours)) for module in modules]
    records.append(_Record("pathway", course_cpd_hours(modules)))
    assert cpd.learner_cpd_hours(records) == course_cpd_hours(modules)


def test_a_certificate_prints_the_courses_accreditation_statement_or_the_default() -> None:
    statement = "Approved by the RCP for 19.25 CPD credits (code 151234)."
    assert cpd.accreditation_line(f"  {statement}\n") == statement
    assert cpd.accreditation_line(" \n ") == cpd.ACCREDITATION_LINE
