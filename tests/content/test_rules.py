"""A pack's rules beyond its shape: questions, unique ids, and a tree whose prerequisites hold."""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from lti_qi.content import rules, schema

from content_helpers import modules


def first_question(manifest: dict[str, Any]) -> dict[str, Any]:
    return modules(manifest)[0]["stages"][0]["activities"][1]["questions"][0]


def rule_messages(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [
        str(details.get("ctx", {}).get("message", details["msg"]))
        for details in error.value.errors()
    ]


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
