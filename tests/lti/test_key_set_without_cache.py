"""The public key set comes from the database when the shared cache cannot be reached."""

from pathlib import Path

from lti_qi import create_app


def test_the_key_set_answers_from_the_database_when_redis_is_down(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'keys.db'}"
    settings = {"env": "test", "database_url": database_url, "instance_path": str(tmp_path)}
    assert create_app(settings).test_cli_runner().invoke(args=["setup"]).exit_code == 0
    unreachable = create_app({**settings, "redis_url": "redis://127.0.0.1:1/0"})

    response = unreachable.test_client().get("/.well-known/jwks.json")

    assert response.status_code == 200
    assert response.is_json
    assert len(response.json["keys"]) == 1
    assert response.json["keys"][0]["alg"] == "RS256"
