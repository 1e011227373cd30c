"""Steps a learner takes in the framed tool, shared by the browser journeys.

The default pack's pathway is read from its ``pack.yaml`` (which activity is which), and the
steps that only set the scene (finishing the Learn stage) post the forms from the page's
script, with the page's CSRF token, as the buttons would post them.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml

from lti_qi.services.content.packs import default_pack_path

from browsing import expect, launch_from_sandbox
from journeys import GOOD_AIM

CHECK = "aim-check"
LEARN_STAGE = "aim-learn"
WORKSHEET = "aim-worksheet"

# A complete aim statement worksheet.
AIM = {**GOOD_AIM, "problem": "A fifth of lunch trays come back untouched."}
_SESSION_ROOT = re.compile(r"^https?://[^/]+/s/[^/]+/")
# Post forms in order, as their buttons would (fields as [name, value] pairs, plus the token).
POST_FORMS = """async (posts) => {
  const token = document.querySelector('input[name=csrf_token]').value;
  for (const [url, fields] of posts) {
    const body = new URLSearchParams([['csrf_token', token], ...fields]);
    const response = await fetch(url, { method: 'POST', body, credentials: 'same-origin' });
    if (!response.ok) { throw new Error(`POST ${url} answered ${response.status}`); }
  }
}"""


@functools.cache
def _pack() -> dict[str, Any]:
    text = (default_pack_path() / "pack.yaml").read_text(encoding="utf-8")
    pack: dict[str, Any] = yaml.safe_load(text)
    return pack


def pack_node(node_id: str, node: Any = None) -> dict[str, Any] | None:
    """Find the module, stage or activity with this id in the default pack."""
    node = _pack()["pathway"] if node is None else node
    if isinstance(node, dict):
        if node.get("id") == node_id:
            return node
        children: Any = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = pack_node(node_id, child)
        if found is not None:
            return found
    return None


def check_questions() -> list[dict[str, Any]]:
    """Return the questions of module 1's knowledge check."""
    check = pack_node(CHECK)
    assert check is not None, f"the default pack has no {CHECK}"
    found: list[dict[str, Any]] = check["questions"]
    return found


def shown_check_questions(tool: Any) -> list[dict[str, Any]]:
    """The knowledge check's questions, each option list in the order this learner sees it."""
    shown = []
    for question in check_questions():
        inputs = tool.locator(f'input[name="q-{question["id"]}"]')
        ids = inputs.evaluate_all("inputs => inputs.map((input) => input.value)")
        by_id = {option["id"]: option for option in question["options"]}
        shown.append({**question, "options": [by_id[option_id] for option_id in ids]})
    return shown


def learn_readings() -> list[dict[str, Any]]:
    """Return the readings of module 1's Learn stage."""
    stage = pack_node(LEARN_STAGE)
    assert stage is not None, f"the default pack has no {LEARN_STAGE}"
    return [item for item in stage["activities"] if item["kind"] == "reading"]


def session_url(tool: Any, path: str = "") -> str:
    """The URL of ``path`` in the tool frame's launch session (``/s/<token>/<path>``)."""
    root = _SESSION_ROOT.match(tool.url)
    assert root, f"the tool is at {tool.url}, not in a launch session"
    return root.group(0) + path


def open_page(tool: Any, path: str = "") -> None:
    """Load a page of the launch session in the tool frame (also how a test reloads it)."""
    response = tool.goto(session_url(tool, path))
    assert response is not None
    assert response.ok, f"GET {path} answered {response.status}"


def submit(tool: Any, control: Any) -> None:
    """Click a control that posts a form, and wait for the page that answers it."""
    with tool.expect_navigation():
        control.click()


def launch(page: Any, base_url: str, who: tuple[str, str]) -> Any:
    """Launch as ``who`` (person, course) from the sandbox and return the tool's frame."""
    person, course = who
    tool = launch_from_sandbox(page, base_url, person=person, course=course)
    expect(tool.locator(".error-page")).to_have_count(0)
    return tool


def finish_learn_stage(tool: Any) -> None:
    """Mark every reading of module 1 read and pass its knowledge check, quickly."""
    open_page(tool, f"activities/{learn_readings()[0]['id']}")  # a page with a form, for its token
    answers = [
        [f"q-{question['id']}", option["id"]]
        for question in check_questions()
        for option in question["options"]
        if option["correct"]
    ]
    done = [[session_url(tool, f"activities/{item['id']}/done"), []] for item in learn_readings()]
    tool.evaluate(POST_FORMS, [*done, [session_url(tool, f"activities/{CHECK}/check"), answers]])


def submit_aim_stage(tool: Any, aim: dict[str, str]) -> None:
    """Finish module 1's Learn stage, submit the aim worksheet and send the stage for sign-off."""
    finish_learn_stage(tool)
    worksheet = [["_base_version", "0"], ["_action", "submit"], *aim.items()]
    tool.evaluate(
        POST_FORMS,
        [
            [session_url(tool, f"activities/{WORKSHEET}/worksheet"), worksheet],
            [session_url(tool, "activities/aim-evidence/done"), []],
            [session_url(tool, "stages/aim-apply/submit"), []],
        ],
    )
