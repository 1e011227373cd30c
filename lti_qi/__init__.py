"""lti-qi: an LTI 1.3 tool for healthcare quality improvement coursework and mentoring."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

__version__ = "0.2.0"


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the lti-qi Flask application (see ``lti_qi.app.create_app``)."""
    from lti_qi.app import create_app as build

    return build(overrides)
