"""Figures from installed content packs, served by pack, version and path; and the favicon."""

from flask import Blueprint, Response, current_app, send_from_directory

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


@bp.route("/favicon.ico")
def favicon() -> Response:
    """Serve the tool's icon where browsers look for it (pages also link it as an SVG)."""
    static = current_app.static_folder or ""
    response = send_from_directory(static, "img/favicon.svg", mimetype="image/svg+xml")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response
