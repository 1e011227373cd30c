"""Knowledge checks: mark a learner's answers and explain each option.

A question is right when exactly its correct options are chosen (single choice: the one
correct option; multiple choice: all correct options and no others). There is no partial
credit, so the mark means the same thing on every question. The score is the share of
questions right, as a percentage. Every option's feedback is returned, so the learner sees
why each answer is right or wrong, whatever they chose.

Each learner sees a question's options in their own order (`in_learner_order`), the same on
every visit and after a submit; answers are marked by option id, so the order never changes
the mark, and a test-wise learner cannot learn "the answer is usually the last one".
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OptionFeedback:
    """One option of a marked question: whether it is right, whether chosen, and why."""

    option_id: str
    text: str
    is_correct: bool
    was_chosen: bool
    feedback: str


@dataclass(frozen=True)
class QuestionResult:
    """A marked question."""

    question_id: str
    prompt: str
    is_right: bool
    options: tuple[OptionFeedback, ...]


@dataclass(frozen=True)
class CheckResult:
    """A marked knowledge check."""

    score: float
    right: int
    total: int
    questions: tuple[QuestionResult, ...]


def in_learner_order(
    questions: Sequence[Mapping[str, Any]], learner: object
) -> list[dict[str, Any]]:
    """Return the questions with each one's options in this learner's stable order.

    The order comes from a hash of the learner, the question and the option ids, so it is
    the same every time for one learner and differs between learners.
    """
    return [
        {**question, "options": _shuffled(question["options"], f"{learner}:{question['id']}")}
        for question in questions
    ]


def _shuffled(options: Sequence[Mapping[str, Any]], seed: str) -> list[Mapping[str, Any]]:
    def rank(option: Mapping[str, Any]) -> str:
        return hashlib.sha256(f"{seed}:{option['id']}".encode()).hexdigest()

    return sorted(options, key=rank)


def unanswered(
    questions: Sequence[Mapping[str, Any]], answers: Mapping[str, Sequence[str]]
) -> list[int]:
    """Return the 1-based numbers of questions with no option chosen."""
    return [
        number for number, question in enumerate(questions, 1) if not answers.get(question["id"])
    ]


def mark_check(
    questions: Sequence[Mapping[str, Any]], answers: Mapping[str, Sequence[str]]
) -> CheckResult:
    """Mark answers (question id -> chosen option ids) against a check's questions."""
    results = tuple(
        _mark_question(question, set(answers.get(question["id"], ()))) for question in questions
    )
    right = sum(1 for result in results if result.is_right)
    score = round(100 * right / len(results), 1) if results else 0.0
    return CheckResult(score=score, right=right, total=len(results), questions=results)


def _mark_question(question: Mapping[str, Any], chosen: set[str]) -> QuestionResult:
    options = tuple(
        OptionFeedback(
            option_id=option["id"],
            text=option["text"],
            is_correct=bool(option["correct"]),
            was_chosen=option["id"] in chosen,
            feedback=option.get("feedback", ""),
        )
        for option in question["options"]
    )
    correct = {option.option_id for option in options if option.is_correct}
    return QuestionResult(question["id"], question["prompt"], chosen == correct, options)
