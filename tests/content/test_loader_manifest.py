"""Each rule of a pack's manifest gives one problem, at its line in pack.yaml, with a fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.content.conftest import PackCopy


CASES = [
    pytest.param(
        "          summary: The Model",
        "          sumary: The Model",
        None,
        'stage "aim-learn" has an unknown key "sumary".',
        'did you mean "summary"?',
        id="unknown-key",
    ),
    pytest.param(
        "      estimated_minutes: 120\n",
        "",
        "    - id: aim\n",
        'module "aim" has no "estimated_minutes".',
        'add "estimated_minutes:"',
        id="missing-key",
    ),
    pytest.param(
        "- id: aim-evidence",
        "- id: Aim_Evidence",
        None,
        '"Aim_Evidence" is not a valid id.',
        "lowercase letters, digits and single hyphens",
        id="bad-id",
    ),
    pytest.param(
        'version: "1.0.0"',
        'version: "1.0"',
        None,
        '"1.0" is not a semantic version.',
        'e.g. "1.0.0"',
        id="bad-version",
    ),
    pytest.param(
        'version: "1.0.0"',
        "version: 1.0",
        None,
        "the pack, version: Input should be a valid string.",
        "quote values",
        id="unquoted-version",
    ),
    pytest.param(
        "language: en-GB",
        "language: English",
        None,
        '"English" is not a language tag.',
        "en-GB",
        id="bad-language",
    ),
    pytest.param(
        "cpd_hours: 0.75",
        "cpd_hours: 0.8",
        None,
        "0.8 CPD hours is not a whole number of quarter hours.",
        "e.g. 0.75",
        id="cpd-not-quarter-hours",
    ),
    pytest.param(
        "          cpd_hours: 1.0\n          requires_signoff: true",
        "          cpd_hours: 1.5\n          requires_signoff: true",
        "      cpd_hours: 2.0",
        'module "aim" has 2 CPD hours, but its stages add up to 2.25.',
        "raise the module's cpd_hours",
        id="stages-exceed-module-cpd",
    ),
    pytest.param(
        "      pass_mark: 70",
        "      pass_mark: 120",
        None,
        'module "aim", pass_mark: Input should be less than or equal to 100.',
        "use a smaller number",
        id="pass-mark-over-100",
    ),
    pytest.param(
        'text: "What change can we make?"',
        'text: "What change can we make?"\n                      correct: true',
        ("options:", "- id: q1"),
        'question "q1", options: a single-choice question has 2 correct options.',
        "mark exactly one option correct, or use type: multiple",
        id="single-choice-two-correct",
    ),
    pytest.param(
        '                      feedback: "Yes: the aim comes first."\n',
        "",
        ("- id: a", "- id: q1"),
        'activity "aim-check", question "q1", option "a" has no "feedback".',
        'add "feedback:"',
        id="option-without-feedback",
    ),
    pytest.param(
        "- id: q2",
        "- id: q1",
        "questions:",
        'activity "aim-check", questions: two questions share an id.',
        "q1, q2",
        id="duplicate-question-id",
    ),
    pytest.param(
        "kind: evidence",
        "kind: upload",
        "- id: aim-evidence",
        'activity "aim-evidence" has an unknown kind "upload".',
        "kind: evidence",
        id="unknown-kind",
    ),
    pytest.param(
        "worksheet: measures_plan",
        "worksheet: measure_plan",
        None,
        "activity \"measure-worksheet\", worksheet: 'measure_plan' is not allowed.",
        "'measures_plan'",
        id="unknown-worksheet",
    ),
    pytest.param(
        "- id: measure-learn",
        "- id: aim-learn",
        None,
        'stage id "aim-learn" is already the id of an earlier stage.',
        "its own id across the whole pack",
        id="duplicate-id",
    ),
    pytest.param(
        "prerequisites: [aim-learn]",
        "prerequisites: [aim-lern]",
        None,
        'stage "aim-apply" requires "aim-lern", which does not exist.',
        'did you mean "aim-learn"? use one of the earlier ids: aim-learn',
        id="unknown-prerequisite",
    ),
    pytest.param(
        '      prerequisites: []\n      learning_outcomes: ["Write a SMART aim"]',
        '      prerequisites: [measure]\n      learning_outcomes: ["Write a SMART aim"]',
        None,
        'module "aim" requires "measure", which comes after it.',
        'move "measure" before "aim"',
        id="forward-prerequisite",
    ),
    pytest.param(
        "prerequisites: [aim-read-model]",
        "prerequisites: [aim-check]",
        None,
        'activity "aim-check" requires "aim-check", which is itself.',
        "remove it",
        id="self-prerequisite",
    ),
    pytest.param(
        "prerequisites: [aim]",
        "prerequisites: [aim-apply]",
        None,
        'module "measure" requires "aim-apply", which is a stage, not a module.',
        "use one of the earlier ids: aim",
        id="prerequisite-of-another-level",
    ),
    pytest.param(
        "page: pages/aim/model-for-improvement.md",
        "page: ../outside.md",
        None,
        '"../outside.md" is not a path inside the pack.',
        "forward slashes",
        id="page-outside-pack",
    ),
    pytest.param(
        "page: pages/aim/model-for-improvement.md",
        "page: /etc/passwd.md",
        None,
        '"/etc/passwd.md" is not a path inside the pack.',
        "from the pack folder",
        id="absolute-page",
    ),
    pytest.param(
        "page: pages/measure/run-charts.md",
        "page: pages/measure/run-chart.md",
        None,
        '"pages/measure/run-chart.md" does not exist.',
        'did you mean "pages/measure/run-charts.md"?',
        id="missing-page",
    ),
    pytest.param(
        "language: en-GB",
        "language: en-GB\nlanguage: en-US",
        "language: en-US",
        '"language" is written twice here.',
        "see line 7",
        id="duplicate-yaml-key",
    ),
    pytest.param(
        "url: https://qualitysafety.bmj.com/content/20/1/46",
        "url: qualitysafety.bmj.com",
        None,
        'reference "perla-2011", url: "qualitysafety.bmj.com" is not a web address.',
        "https://",
        id="bad-reference-url",
    ),
    pytest.param(
        "  - id: perla-2011",
        "  - id: langley-2009",
        None,
        'reference id "langley-2009" is used twice.',
        "its own id",
        id="duplicate-reference",
    ),
    pytest.param(
        "title: Minimal QI pathway",
        'title: "  "',
        None,
        "the pack, title: String should have at least 1 character.",
        "write some text here",
        id="blank-title",
    ),
    pytest.param(
        "description: A two-module pathway used by the content-pack tests.",
        "description: A two-module pathway: used by tests.",
        None,
        "YAML syntax error: mapping values are not allowed here.",
        "quote text",
        id="yaml-syntax",
    ),
]


@pytest.mark.parametrize(("old", "new", "at", "message", "fix"), CASES)
def test_each_manifest_rule_gives_one_problem_with_line_and_fix(
    pack: PackCopy, old: str, new: str, at: str | tuple[str, str] | None, message: str, fix: str
) -> None:
    line = pack.replace(old, new)
    if isinstance(at, tuple):
        line = pack.line_of(at[0], after=at[1])
    elif at is not None:
        line = pack.line_of(at)

    [problem] = pack.problems()

    assert (problem.file, problem.line) == ("pack.yaml", line)
    assert message in problem.message
    assert fix in problem.fix
