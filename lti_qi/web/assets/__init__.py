"""Figures from installed content packs, served by pack, version and path."""

from flask import Blueprint, Response

from lti_qi.services.content import packs

bp = Blueprint("assets", __name__)


@bp.route("/content-assets/<slug>/<version>/<path:path>")
def content_asset(slug: str, version: str, path: str) -> Response:
    """Serve a pack figure; an SVG may not run scripts or load anything."""
    figure = packs.asset(slug, version, path)
    response = Response(figure.data, mimetype=figure.media_type)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response
