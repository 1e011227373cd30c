"""Liveness and readiness checks, as a load balancer or supervisor asks them."""

from flask import Flask
from flask.testing import FlaskClient

from lti_qi import create_app


def test_alive_answers_and_is_never_cached(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "alive"}
    assert "no-store" in response.headers["Cache-Control"]


def test_ready_when_the_database_and_the_cache_answer(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ready"}


def test_not_ready_names_what_does_not_answer(tmp_path) -> None:
    app: Flask = create_app(
        {
            "env": "test",
            "database_url": "postgresql+psycopg://postgres@127.0.0.1:1/nowhere",
            "redis_url": "redis://127.0.0.1:1/0",
            "instance_path": str(tmp_path),
        }
    )

    response = app.test_client().get("/readyz")

    assert response.status_code == 503
    assert response.json["status"] == "not ready"
    problems = " ".join(response.json["problems"])
    assert "database does not answer" in problems
    assert "shared cache does not answer" in problems
    assert app.test_client().get("/healthz").status_code == 200
