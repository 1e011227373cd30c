"""Worksheet specs: every kind described, fields labelled and hinted in sentences, limits."""

import pytest

from lti_qi.domain.worksheets import REGISTRY, spec_for, starter_document
from lti_qi.domain.worksheets.schema import FieldType, WorksheetKind
from lti_qi.domain.worksheets.validation import validate_worksheet


def all_fields(fields):
    for spec in fields:
        yield spec
        yield from all_fields(spec.fields)


def test_every_kind_has_a_spec_with_title_and_description():
    assert set(REGISTRY) == set(WorksheetKind)
    for kind in WorksheetKind:
        spec = spec_for(kind)
        assert spec.kind is kind
        assert spec.title
        assert spec.description
        assert spec.fields


@pytest.mark.parametrize("kind", list(WorksheetKind))
def test_every_field_has_a_label_and_a_hint_written_as_sentences(kind):
    for spec in all_fields(spec_for(kind).fields):
        assert spec.label.strip(), spec.name
        assert spec.hint.strip()[-1] in ".?”", (spec.name, spec.hint)
        if spec.type is FieldType.LIST:
            assert spec.item_label, spec.name


@pytest.mark.parametrize("kind", list(WorksheetKind))
def test_field_names_are_unique_within_each_record(kind):
    def check(fields):
        names = [spec.name for spec in fields]
        assert len(names) == len(set(names)), names
        assert "id" not in names
        for spec in fields:
            if spec.fields:
                check(spec.fields)

    check(spec_for(kind).fields)


def test_text_fields_have_limits_and_squire_has_18_items():
    for spec in all_fields(f for r in REGISTRY.values() for f in r.spec.fields):
        if spec.type in (FieldType.TEXT, FieldType.LONG_TEXT):
            assert spec.max_length
    labels = [spec.label for spec in spec_for(WorksheetKind.SQUIRE_WRITEUP).fields]
    assert [int(label.split(".")[0]) for label in labels] == list(range(1, 19))


def test_fishbone_starts_with_common_categories_and_others_start_empty():
    names = [c["name"] for c in starter_document(WorksheetKind.FISHBONE)["categories"]]
    assert names == ["People", "Methods", "Equipment", "Materials", "Environment", "Measurement"]
    assert starter_document(WorksheetKind.PARETO) == {}
    assert validate_worksheet(
        WorksheetKind.FISHBONE, starter_document(WorksheetKind.FISHBONE)
    ).can_save
