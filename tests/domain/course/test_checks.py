"""Knowledge checks: each learner's stable option order, and marking by option id."""

from lti_qi.content.loader import load_pack
from lti_qi.domain.course.checks import in_learner_order, mark_check
from lti_qi.services.content import packs

_QUESTION = {
    "id": "q1",
    "prompt": "Which?",
    "type": "single",
    "options": [
        {"id": letter, "text": letter, "correct": letter == "c", "feedback": ""}
        for letter in "abcd"
    ],
}


def _order(learner: object, question: dict = _QUESTION) -> list[str]:
    return [option["id"] for option in in_learner_order([question], learner)[0]["options"]]


def test_one_learner_sees_the_same_order_every_time() -> None:
    assert _order(7) == _order(7)


def test_learners_see_different_orders() -> None:
    orders = {tuple(_order(learner)) for learner in range(40)}
    assert len(orders) > 5


def test_each_four_option_question_of_the_pack_varies_between_learners() -> None:
    pack = load_pack(packs.default_pack_path()).manifest.model_dump()
    questions = [
        question
        for module in pack["pathway"]["modules"]
        for stage in module["stages"]
        for activity in stage["activities"]
        if activity["kind"] == "knowledge_check"
        for question in activity["questions"]
        if len(question["options"]) == 4
    ]
    assert questions
    for question in questions:
        assert len({tuple(_order(learner, question)) for learner in range(5)}) > 1


def test_answers_are_marked_by_option_id_whatever_the_order() -> None:
    for learner in range(10):
        shown = in_learner_order([_QUESTION], learner)
        result = mark_check(shown, {"q1": ["c"]})
        assert result.right == 1
        assert [option.option_id for option in result.questions[0].options] == _order(learner)
