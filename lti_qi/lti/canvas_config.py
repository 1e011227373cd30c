"""lti-qi's LTI 1.3 configuration as Canvas developer keys read it ("Enter URL" / "Paste JSON").

Placements: learners open lti-qi from Course Navigation (the whole pathway); designers add
modules or stages to assignments and modules, and as links in the rich-content editor,
through Deep Linking. Canvas's JSON takes no redirect URIs: those are typed in the developer
key (``<base>/lti/launch``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from lti_qi.lti import scopes

TITLE = "lti-qi"
DESCRIPTION = "Quality improvement coursework, mentoring and CPD for healthcare staff."
DEEP_LINKING_PLACEMENTS = ("assignment_selection", "link_selection", "editor_button")


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
