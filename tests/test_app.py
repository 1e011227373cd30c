"""The application's engine: PostgreSQL pool sizes from the settings."""

from lti_qi import create_app
from lti_qi.extensions import db


def test_the_pool_size_and_overflow_come_from_the_settings(tmp_path) -> None:
    app = create_app(
        {
            "env": "test",
            "database_url": "postgresql+psycopg://postgres@127.0.0.1:1/nowhere",
            "instance_path": str(tmp_path),
            "database_pool_size": 3,
            "database_max_overflow": 2,
        }
    )
    with app.app_context():
        pool = db.engine.pool
        assert pool.size() == 3  # type: ignore[attr-defined]
        assert pool._max_overflow == 2  # type: ignore[attr-defined]
