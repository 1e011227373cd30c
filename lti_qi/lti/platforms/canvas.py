"""Canvas (Instructure): its quirks, and lti-qi's configuration as Canvas developer keys read it.

Quirks, and where lti-qi handles them (docs/platforms/canvas.md for operators):

- **One issuer for every school.** Canvas cloud signs every tenant's launches as
  ``https://canvas.instructure.com``; each school's developer key is its own client id, so
  registrations are looked up by issuer + client id (``lti.tool_config``), access tokens are
  cached per client id (``lti.connector``), and each registration is its own organisation
  (``services.platforms``).
- **OpenID endpoints on other hosts.** Canvas cloud serves its OpenID configuration and keys
  from ``sso.canvaslms.com`` (and beta, test) while keeping its issuer:
  ``configuration_hosts`` lets Dynamic Registration trust them.
- **Institution roles** that do not apply in the course come with every launch; course roles
  decide whenever there are any (``lti.roles``).
- **Developer key JSON** ("Enter URL" / "Paste JSON", below): Canvas reads lti-qi's URLs,
  scopes and placements from ``/lti/config/canvas.json``; its placement names for deep
  linking are also offered in Dynamic Registration, where other LMSs ignore them.

Placements: learners open lti-qi from Course Navigation (the whole pathway); designers add
modules or stages to assignments and modules, and as links in the rich-content editor,
through Deep Linking. Canvas's JSON takes no redirect URIs: those are typed in the developer
key (``<base>/lti/launch``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from lti_qi.lti import scopes
from lti_qi.lti.platforms.profile import PlatformProfile

TITLE = "lti-qi"
DESCRIPTION = "Quality improvement coursework, mentoring and CPD for healthcare staff."
DEEP_LINKING_PLACEMENTS = ("assignment_selection", "link_selection", "editor_button")

PROFILE = PlatformProfile(
    name="Canvas",
    codes=frozenset({"canvas"}),
    configuration_hosts={
        "canvas.instructure.com": (
            "sso.canvaslms.com",
            "sso.beta.canvaslms.com",
            "sso.test.canvaslms.com",
        ),
    },
)


def canvas_configuration(base_url: str) -> dict[str, Any]:
    """Return the developer key JSON for an lti-qi served at ``base_url``."""
    launch = f"{base_url}/lti/launch"
    placements: list[dict[str, Any]] = [
        {
            "placement": "course_navigation",
            "message_type": "LtiResourceLinkRequest",
            "target_link_uri": launch,
            "text": TITLE,
            "default": "enabled",
            "visibility": "public",
        }
    ]
    placements += [
        {
            "placement": placement,
            "message_type": "LtiDeepLinkingRequest",
            "target_link_uri": launch,
            "text": "QI coursework (lti-qi)",
            "icon_url": f"{base_url}/static/img/logo.svg",
        }
        for placement in DEEP_LINKING_PLACEMENTS
    ]
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "oidc_initiation_url": f"{base_url}/lti/login",
        "target_link_uri": launch,
        "public_jwk_url": f"{base_url}/.well-known/jwks.json",
        "scopes": list(scopes.ALL),
        "extensions": [
            {
                "platform": "canvas.instructure.com",
                "domain": urlsplit(base_url).netloc,
                "privacy_level": "public",
                "settings": {
                    "text": TITLE,
                    "icon_url": f"{base_url}/static/img/logo.svg",
                    "placements": placements,
                },
            }
        ],
        "custom_fields": {},
    }
