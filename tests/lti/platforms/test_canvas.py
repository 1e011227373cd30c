"""The Canvas developer key configuration lti-qi serves for "Enter URL"."""

from flask.testing import FlaskClient

from lti_qi.lti import scopes


def test_canvas_reads_every_url_scope_and_placement_from_one_address(client: FlaskClient) -> None:
    response = client.get("/lti/config/canvas.json")
    assert response.status_code == 200
    config = response.json
    assert config is not None
    assert config["oidc_initiation_url"] == "http://tool.test/lti/login"
    assert config["target_link_uri"] == "http://tool.test/lti/launch"
    assert config["public_jwk_url"] == "http://tool.test/.well-known/jwks.json"
    assert set(config["scopes"]) == set(scopes.ALL)
    [canvas] = config["extensions"]
    assert (canvas["platform"], canvas["domain"]) == ("canvas.instructure.com", "tool.test")
    placements = {p["placement"]: p["message_type"] for p in canvas["settings"]["placements"]}
    assert placements == {
        "course_navigation": "LtiResourceLinkRequest",
        "assignment_selection": "LtiDeepLinkingRequest",
        "link_selection": "LtiDeepLinkingRequest",
        "editor_button": "LtiDeepLinkingRequest",
    }
    assert all(
        p["target_link_uri"] == "http://tool.test/lti/launch"
        for p in canvas["settings"]["placements"]
    )
