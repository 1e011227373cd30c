"""Packaged Jinja templates (installed as ``lti_qi.templates``)."""
