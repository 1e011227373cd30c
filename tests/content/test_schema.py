from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from lti_qi.content import fields, schema
from lti_qi.domain.worksheets import WorksheetKind

from content_helpers import modules


def test_the_minimal_manifest_is_a_valid_pack(manifest: dict[str, Any]) -> None:
    pack = schema.Pack.model_validate(manifest)

    assert pack.id == "minimal-pack"
    assert [module.id for module in pack.pathway.modules] == ["aim", "measure"]
    assert pack.pathway.modules[0].pass_mark == 70
    assert pack.pathway.modules[1].pass_mark == 70


def test_activities_are_parsed_by_kind(manifest: dict[str, Any]) -> None:
    pack = schema.Pack.model_validate(manifest)
    kinds = {
        node.activity.id: type(node.activity)
        for node in pack.walk()
        if isinstance(node, schema.ActivityNode)
    }

    assert kinds["aim-read-model"] is schema.ReadingActivity
    assert kinds["aim-check"] is schema.KnowledgeCheckActivity
    assert kinds["aim-worksheet"] is schema.WorksheetActivity
    assert kinds["aim-evidence"] is schema.EvidenceActivity
    assert kinds["aim-reflection"] is schema.ReflectionActivity


def test_optional_fields_take_their_defaults(manifest: dict[str, Any]) -> None:
    pack = schema.Pack.model_validate(manifest)
    worksheet = pack.find("measure-worksheet")
    stage = pack.find("measure-learn")

    assert isinstance(worksheet, schema.ActivityNode)
    assert isinstance(worksheet.activity, schema.WorksheetActivity)
    assert worksheet.activity.worksheet is WorksheetKind.MEASURES_PLAN
    assert worksheet.activity.page is None
    assert worksheet.activity.cpd_hours is None
    assert isinstance(stage, schema.StageNode)
    assert stage.stage.requires_signoff is False
    assert stage.stage.learning_outcomes == ()


def test_walk_yields_every_item_in_order_with_its_parents(manifest: dict[str, Any]) -> None:
    nodes = list(schema.Pack.model_validate(manifest).walk())

    assert [type(node).__name__ for node in nodes[:3]] == [
        "ModuleNode",
        "StageNode",
        "ActivityNode",
    ]
    assert len(nodes) == 12
    last = nodes[-1]
    assert isinstance(last, schema.ActivityNode)
    assert (last.module.id, last.stage.id, last.activity.id) == (
        "measure",
        "measure-learn",
        "measure-worksheet",
    )


def test_find_returns_a_module_stage_or_activity_by_id(manifest: dict[str, Any]) -> None:
    pack = schema.Pack.model_validate(manifest)

    assert [node.id for node in pack.walk()][:3] == ["aim", "aim-learn", "aim-read-model"]
    assert isinstance(pack.find("measure"), schema.ModuleNode)
    assert isinstance(pack.find("aim-apply"), schema.StageNode)
    assert isinstance(pack.find("aim-check"), schema.ActivityNode)
    with pytest.raises(KeyError):
        pack.find("q1")


def test_a_pack_survives_a_round_trip_through_json(manifest: dict[str, Any]) -> None:
    pack = schema.Pack.model_validate(manifest)

    assert schema.Pack.model_validate_json(pack.model_dump_json()) == pack


def test_page_paths_lists_each_page_once_in_order(manifest: dict[str, Any]) -> None:
    assert schema.Pack.model_validate(manifest).page_paths() == (
        "pages/aim/model-for-improvement.md",
        "pages/aim/worksheet-guide.md",
        "pages/measure/run-charts.md",
    )


def test_models_are_frozen(manifest: dict[str, Any]) -> None:
    pack = schema.Pack.model_validate(manifest)

    with pytest.raises(ValidationError, match="frozen"):
        pack.title = "Changed"  # type: ignore[misc]


def test_unknown_keys_are_refused(manifest: dict[str, Any]) -> None:
    modules(manifest)[0]["colour"] = "blue"

    with pytest.raises(ValidationError) as error:
        schema.Pack.model_validate(manifest)

    assert [details["type"] for details in error.value.errors()] == ["extra_forbidden"]


@pytest.mark.parametrize("value", ["aim", "aim-learn", "q1", "2024-audit"])
def test_slugs_accept_lowercase_words_joined_by_hyphens(value: str) -> None:
    assert TypeAdapter(fields.Slug).validate_python(value) == value


@pytest.mark.parametrize("value", ["Aim", "aim_learn", "aim--learn", "-aim", "aim-", "", "aïm"])
def test_slugs_refuse_anything_else(value: str) -> None:
    with pytest.raises(ValidationError, match="is not a valid id"):
        TypeAdapter(fields.Slug).validate_python(value)


@pytest.mark.parametrize("value", ["1.0.0", "0.1.0", "2.10.3-beta.1", "1.0.0+build.7"])
def test_versions_accept_semantic_versions(value: str) -> None:
    assert TypeAdapter(fields.SemVer).validate_python(value) == value


@pytest.mark.parametrize("value", ["1.0", "v1.0.0", "01.0.0", "1.0.0.0", "one"])
def test_versions_refuse_anything_else(value: str) -> None:
    with pytest.raises(ValidationError, match="is not a semantic version"):
        TypeAdapter(fields.SemVer).validate_python(value)


@pytest.mark.parametrize("hours", [0.25, 0.5, 1, 2.75, 40])
def test_cpd_hours_accept_quarter_hours(hours: float) -> None:
    assert TypeAdapter(fields.CpdHours).validate_python(hours) == hours


@pytest.mark.parametrize(
    ("hours", "message"),
    [(0.3, "quarter hours"), (1.1, "quarter hours"), (0, "greater than 0"), (-1, "greater than 0")],
)
def test_cpd_hours_refuse_other_amounts(hours: float, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        TypeAdapter(fields.CpdHours).validate_python(hours)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("../outside.md", "not a path inside the pack"),
        ("pages/../../outside.md", "not a path inside the pack"),
        ("/etc/passwd.md", "not a path inside the pack"),
        ("C:/pages/x.md", "not a path inside the pack"),
        ("pages\\aim\\x.md", "not a path inside the pack"),
        ("pages//x.md", "not a path inside the pack"),
        ("notes/x.md", "in the pack's pages/ folder"),
        ("pages/x.txt", "in the pack's pages/ folder"),
        ("pages", "in the pack's pages/ folder"),
    ],
)
def test_page_paths_must_be_markdown_files_inside_pages(path: str, message: str) -> None:
    error = fields.pack_path_error(path, folder="pages", suffixes=(".md",))

    assert error is not None
    assert message in error.message()
    assert error.context is not None
    assert error.context["fix"]


def test_a_plain_page_path_is_fine() -> None:
    assert fields.pack_path_error("pages/aim/x.md", folder="pages", suffixes=(".md",)) is None
