"""WSGI entry point for production servers: ``gunicorn lti_qi.wsgi:app``."""

from lti_qi import create_app

app = create_app()
