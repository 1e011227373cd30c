from flask import Flask

from launching import LaunchDriver


def test_learner_launch_lands_on_the_tool(launcher: LaunchDriver) -> None:
    launched = launcher.launch(sub="learner-aisha")
    page = launched.client.get(launched.landing_url)
    assert page.status_code == 200
    assert "Aisha Khan" in page.get_data(as_text=True)


def test_jwks_lists_the_current_key(client, app: Flask) -> None:
    response = client.get("http://tool.test/.well-known/jwks.json")
    assert response.status_code == 200
    assert response.json["keys"][0]["alg"] == "RS256"
