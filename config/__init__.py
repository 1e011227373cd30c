"""Packaged configuration files (installed as ``lti_qi.config``)."""
