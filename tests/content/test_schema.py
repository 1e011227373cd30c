from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from lti_qi.content import fields, rules, schema
from lti_qi.domain.worksheets import WorksheetKind


def modules(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return manifest["pathway"]["modules"]


def first_question(manifest: dict[str, Any]) -> dict[str, Any]:
    return modules(manifest)[0]["stages"][0]["activities"][1]["questions"][0]


def rule_messages(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [
        str(details.get("ctx", {}).get("message", details["msg"]))
        for details in error.value.errors()
    ]


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


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda q: q["options"].pop(), "at least two options"),
        (lambda q: q["options"][0].update(correct=False), "no option is marked correct"),
        (lambda q: q["options"][1].update(correct=True), "has 2 correct options"),
        (lambda q: q["options"][1].update(id="a"), "two options share an id"),
        (lambda q: q["options"][0].pop("feedback"), "Field required"),
        (lambda q: q["options"][0].update(feedback="  "), "at least 1 character"),
        (lambda q: q.update(type="ranking"), "'single' or 'multiple'"),
    ],
)
def test_questions_need_options_with_feedback_and_right_answers(
    manifest: dict[str, Any], edit: Any, message: str
) -> None:
    edit(first_question(manifest))

    with pytest.raises(ValidationError) as error:
        schema.Pack.model_validate(manifest)

    assert any(message in text for text in rule_messages(error))


def test_a_multiple_choice_question_may_have_several_right_answers(
    manifest: dict[str, Any],
) -> None:
    question = first_question(manifest)
    question["type"] = "multiple"
    question["options"][1]["correct"] = True

    assert schema.Pack.model_validate(manifest)


def test_question_ids_are_unique_within_their_check(manifest: dict[str, Any]) -> None:
    questions = modules(manifest)[0]["stages"][0]["activities"][1]["questions"]
    questions[1]["id"] = "q1"

    with pytest.raises(ValidationError) as error:
        schema.Pack.model_validate(manifest)

    assert rule_messages(error) == ["two questions share an id."]


def test_a_pack_never_holds_a_broken_tree(manifest: dict[str, Any]) -> None:
    modules(manifest)[0]["prerequisites"] = ["measure"]

    with pytest.raises(ValidationError) as error:
        schema.Pack.model_validate(manifest)

    [details] = error.value.errors()
    assert details["type"] == schema.TREE_ERROR_TYPE
    assert 'module "aim" requires "measure", which comes after it.' in details["msg"]


def test_tree_rules_locate_each_issue(manifest: dict[str, Any]) -> None:
    modules(manifest)[1]["stages"][0]["prerequisites"] = ["aim-lern"]
    modules(manifest)[1]["stages"][0]["activities"][1]["id"] = "aim-check"
    modules(manifest)[1]["cpd_hours"] = 0.5
    modules(manifest)[1]["stages"][0]["cpd_hours"] = 0.75

    issues = rules.find_issues(manifest)

    assert [issue.location for issue in issues] == [
        ("pathway", "modules", 1, "stages", 0, "activities", 1, "id"),
        ("pathway", "modules", 1, "stages", 0, "prerequisites", 0),
        ("pathway", "modules", 1, "cpd_hours"),
    ]


def test_a_prerequisite_of_another_level_is_named_as_such(manifest: dict[str, Any]) -> None:
    modules(manifest)[1]["prerequisites"] = ["aim-learn"]

    [issue] = rules.find_issues(manifest)

    assert issue.message == 'module "measure" requires "aim-learn", which is a stage, not a module.'
    assert issue.fix == "use one of the earlier ids: aim"


def test_the_first_item_can_require_nothing(manifest: dict[str, Any]) -> None:
    modules(manifest)[0]["prerequisites"] = ["nothing"]

    [issue] = rules.find_issues(manifest)

    assert issue.fix == "remove it: no module comes before this one"


def test_duplicate_reference_ids_are_an_issue(manifest: dict[str, Any]) -> None:
    manifest["references"][1]["id"] = "langley-2009"

    [issue] = rules.find_issues(manifest)

    assert issue.location == ("references", 1, "id")


json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["pathway", "modules", "stages", "activities", "id", "prerequisites"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(database=None, max_examples=200)
@given(json_like)
def test_tree_rules_tolerate_any_malformed_manifest(data: object) -> None:
    for issue in rules.find_issues(data):
        assert issue.message
        assert issue.fix
