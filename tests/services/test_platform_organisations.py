"""Which registrations make one organisation (for administrators' reports)."""

from lti_qi.lti.registrations import PlatformDetails
from lti_qi.services import platforms


def _register(issuer: str, client_id: str, *, approves: bool = False) -> int:
    return platforms.add_platform(
        PlatformDetails(
            issuer=issuer,
            client_id=client_id,
            auth_login_url=f"{issuer}/auth",
            auth_token_url=f"{issuer}/token",
            key_set_url=f"{issuer}/jwks",
            deployment_ids=("1",),
            approves_new_client_ids=approves,
        )
    ).id


def test_open_edx_components_are_one_organisation_canvas_schools_are_not(app_context: None) -> None:
    studio = _register("https://edx.example.org", "block-1", approves=True)
    component = _register("https://edx.example.org", "block-2")
    school_a = _register("https://canvas.instructure.com", "100001")
    school_b = _register("https://canvas.instructure.com", "100002")
    assert platforms.organisation_ids(component) == {studio, component}
    assert platforms.organisation_ids(studio) == {studio, component}
    assert platforms.organisation_ids(school_a) == {school_a}
    assert platforms.organisation_ids(school_b) == {school_b}
    assert platforms.organisation_ids(999_999) == frozenset()
