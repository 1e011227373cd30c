"""Every form of the app reaches its view without control characters; tab and newlines stay."""

from flask import Flask, request

from lti_qi.web.form_text import form_as_sent

TYPED = "Ward\x00 7\x1b\x07 round\x7f\tnotes\r\nline two"
CLEANED = "Ward 7 round\tnotes\r\nline two"


def test_form_values_and_names_lose_their_control_characters(app: Flask) -> None:
    with app.test_request_context(method="POST", data={"body": TYPED, "note\x00": "x\x00"}):
        assert request.form.to_dict() == {"body": CLEANED, "note": "x"}


def test_the_form_as_sent_is_still_there_for_views_that_refuse_it(app: Flask) -> None:
    with app.test_request_context(method="POST", data={"pasted": "2026-01-01,5\x00"}):
        assert form_as_sent()["pasted"] == "2026-01-01,5\x00"
        assert request.form["pasted"] == "2026-01-01,5"
