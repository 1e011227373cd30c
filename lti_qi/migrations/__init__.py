"""Alembic migrations (Flask-Migrate); run them with `lti-qi db upgrade`."""
