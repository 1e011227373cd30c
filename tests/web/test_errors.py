"""Errors are pages a person can act on (or JSON for API clients), never a trace."""

from lti_qi import create_app


def test_unknown_page_is_a_friendly_404(client) -> None:
    response = client.get("http://tool.test/no-such-page")
    assert response.status_code == 404
    assert "What to do next" in response.get_data(as_text=True)


def test_errors_answer_json_to_api_clients(client) -> None:
    response = client.get("http://tool.test/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["status"] == 404
    assert response.json["hint"]


def test_unexpected_error_shows_a_reference_and_no_trace(tmp_path) -> None:
    app = create_app(
        {
            "env": "test",
            "database_url": f"sqlite:///{tmp_path / 'db'}",
            "instance_path": str(tmp_path),
        }
    )

    @app.route("/_test_boom")
    def boom() -> str:
        raise RuntimeError("secret internals")

    response = app.test_client().get("http://tool.test/_test_boom")
    text = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Reference:" in text
    assert "secret internals" not in text
    assert "Traceback" not in text


def test_form_without_csrf_token_is_refused_with_advice(client, sandbox) -> None:
    response = client.post(
        "http://tool.test/sandbox/launch", data={"course": "QI-101", "sub": "learner-aisha"}
    )
    assert response.status_code == 400
    assert "reload the page" in response.get_data(as_text=True)


def test_a_tool_form_without_csrf_token_is_refused_and_changes_nothing(launcher) -> None:
    learner = launcher.launch()
    response = learner.client.post(learner.url("project/rename"), data={"title": "Falls audit"})
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This form has expired" in text
    assert "reload the page" in text
    assert "Falls audit" not in learner.get("").get_data(as_text=True)


def test_security_headers_are_set(client) -> None:
    response = client.get("http://tool.test/.well-known/jwks.json")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors" in response.headers["Content-Security-Policy"]


def test_an_error_in_a_launch_session_is_a_normal_page_with_a_way_back(launcher) -> None:
    aisha = launcher.launch(sub="learner-aisha")
    came_from = aisha.url("modules/aim")

    response = aisha.get("activities/no-such-activity", headers={"Referer": came_from})

    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert '<nav class="site-nav"' in page
    assert f'<a class="button" href="{came_from}">Go back to the page you were on</a>' in page
    assert "My pathway" in page


def test_a_way_back_never_leads_off_the_site(launcher) -> None:
    aisha = launcher.launch(sub="learner-aisha")

    response = aisha.get("activities/no-such-activity", headers={"Referer": "https://evil.test/"})

    page = response.get_data(as_text=True)
    assert "evil.test" not in page
    assert f'href="/s/{aisha.token}/">Go back to the page you were on' in page


def test_an_error_outside_a_launch_session_has_no_tool_navigation(client) -> None:
    page = client.get("http://tool.test/no-such-page").get_data(as_text=True)
    assert '<nav class="site-nav"' not in page
