"""WSGI entry point for production servers: ``gunicorn lti_qi.wsgi:app``."""

import gc

from lti_qi import create_app

app = create_app()
if app.extensions["lti_qi.settings"].sandbox_enabled:  # never in production, which refuses it
    from lti_qi import demo

    demo.mount_sandbox(app)
# What the application built to start (modules, routes, templates, settings) lives as long as
# the process: keep it out of the garbage collector's full passes, which would walk it again
# and again under load.
gc.freeze()
