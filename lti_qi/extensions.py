"""Unbound Flask extensions; ``create_app`` binds them to an application."""

from flask_caching import Cache
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from lti_qi.models.base import Base

db = SQLAlchemy(metadata=Base.metadata, session_options={"expire_on_commit": False})
migrate = Migrate()
csrf = CSRFProtect()
cache = Cache()
