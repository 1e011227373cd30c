"""Which registrations make one organisation (for administrators' reports)."""

from lti_qi.lti.registrations import PlatformDetails
from lti_qi.services.platforms import registry


def _register(issuer: str, client_id: str, *, approves: bool = False) -> int:
    return registry.add_platform(
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
    assert registry.organisation_ids(component) == {studio, component}
    assert registry.organisation_ids(studio) == {studio, component}
    assert registry.organisation_ids(school_a) == {school_a}
    assert registry.organisation_ids(school_b) == {school_b}
    assert registry.organisation_ids(999_999) == frozenset()
