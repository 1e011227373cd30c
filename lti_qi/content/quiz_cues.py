"""Quiz cues: whether a pack's keyed answers can be spotted without reading the question.

A test-wise learner picks the longest option, or the one in the usual place. For the pack's
single-choice questions this module counts how often the keyed (correct) answer is the
longest option and where it sits among the options as written, and warns when the key is the
longest in more than `LONGEST_LIMIT` of them. Options are shown in each learner's own order
(`lti_qi.domain.course.checks.in_learner_order`), so position is reported, not warned about.
The report is advice for the designer: it never refuses a pack.
"""

from collections import Counter
from dataclasses import dataclass
from string import ascii_lowercase

from lti_qi.content import schema

LONGEST_LIMIT = 0.4


@dataclass(frozen=True)
class KeyCues:
    """How a pack's single-choice keys are cued.

    Attributes:
        questions: The number of single-choice questions.
        key_longest: How many of them have the key as the strictly longest option.
        positions: The key's position as written ("a" is first) -> how many questions.
    """

    questions: int
    key_longest: int
    positions: Counter[str]

    @property
    def longest_share(self) -> float:
        """The share of single-choice questions whose key is the longest option."""
        return self.key_longest / self.questions if self.questions else 0.0

    @property
    def is_cued(self) -> bool:
        """Whether the key is the longest option too often to be left to chance."""
        return self.longest_share > LONGEST_LIMIT

    def report(self) -> list[str]:
        """Return the report lines `lti-qi content check` prints, the warning last."""
        if not self.questions:
            return ["Quiz keys: no single-choice questions."]
        where = ", ".join(f"{key} {count}" for key, count in sorted(self.positions.items()))
        lines = [
            f"Quiz keys: {self.key_longest} of {self.questions} single-choice keys are the "
            f"longest option ({self.longest_share:.0%}); keys by position as written: {where}."
        ]
        if self.is_cued:
            lines.append(
                f"Warning: more than {LONGEST_LIMIT:.0%} of keys are the longest option, so a "
                "learner can guess them: shorten keys or lengthen distractors plausibly."
            )
        return lines


def key_cues(pack: schema.Pack) -> KeyCues:
    """Count the length and position cues of the pack's single-choice keys."""
    questions = [
        question
        for node in pack.walk()
        if isinstance(node, schema.ActivityNode)
        and isinstance(node.activity, schema.KnowledgeCheckActivity)
        for question in node.activity.questions
        if question.type == "single"
    ]
    positions: Counter[str] = Counter()
    longest = 0
    for question in questions:
        index = next(i for i, option in enumerate(question.options) if option.correct)
        positions[ascii_lowercase[index % 26]] += 1
        longest += _is_longest(question, index)
    return KeyCues(len(questions), longest, positions)


def _is_longest(question: schema.Question, index: int) -> bool:
    lengths = [len(option.text) for option in question.options]
    return all(length < lengths[index] for i, length in enumerate(lengths) if i != index)
