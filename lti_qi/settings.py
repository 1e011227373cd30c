"""Typed settings: defaults, environment file, optional file, environment variables, overrides.

Every key is declared in ``config/default.toml`` with a comment. ``load_settings`` merges the
layers in order, validates the result once into a frozen :class:`Settings`, and reports every
problem at once. Production adds the unsafe-configuration checks (default secret, debug,
sandbox LMS on) so that a careless deployment refuses to start and says why.
"""

from __future__ import annotations

import json
import os
import secrets
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from lti_qi import paths

ENV_PREFIX = "LTI_QI_"
SECRET_KEYS = ("secret_key", "key_encryption_key", "smtp_password")


class ConfigurationError(RuntimeError):
    """The merged configuration is invalid or unsafe; the message lists every problem."""

    def __init__(self, problems: list[str]):
        super().__init__("lti-qi cannot start:\n" + "\n".join(f"  - {p}" for p in problems))
        self.problems = problems


class Settings(BaseModel):
    """Validated configuration. Field meanings are documented in ``config/default.toml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    env: Literal["development", "test", "production"]
    base_url: str
    debug: bool
    secret_key: str
    secret_key_file: str
    key_encryption_key: str
    key_encryption_key_file: str
    database_url: str
    database_pool_size: int = Field(ge=1, le=100)
    database_max_overflow: int = Field(ge=0, le=100)
    redis_url: str
    sandbox_enabled: bool
    clock_skew_seconds: int = Field(ge=0, le=600)
    platform_jwks_ttl_seconds: int = Field(ge=0)
    launch_state_ttl_seconds: int = Field(ge=30)
    session_lifetime_hours: int = Field(ge=1)
    key_rotation_grace_hours: int = Field(ge=0)
    http_timeout_seconds: float = Field(gt=0)
    trusted_proxies: int = Field(ge=0)
    frame_ancestors: tuple[str, ...] = ()
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"]
    instance_path: str
    dynamic_registration: Literal["pending", "active", "off"]
    dynamic_registration_allowed_hosts: tuple[str, ...]
    roster_refresh_hours: int = Field(ge=1)
    team_invite_days: int = Field(ge=1, le=365)
    smtp_host: str
    smtp_port: int = Field(ge=1, le=65535)
    smtp_username: str
    smtp_password: str = ""
    smtp_use_tls: bool
    email_from: str
    host: str
    port: int = Field(ge=1, le=65535)
    workers: int = Field(ge=1)
    threads: int = Field(ge=1, le=64)

    @field_validator("dynamic_registration_allowed_hosts", mode="before")
    @classmethod
    def _hosts_from_text(cls, value: Any) -> Any:
        """Accept a TOML list, or a comma-separated environment variable."""
        if isinstance(value, str):
            return tuple(host.strip().lower() for host in value.split(",") if host.strip())
        return value

    @field_validator("base_url")
    @classmethod
    def _base_url_is_absolute(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("frame_ancestors", mode="before")
    @classmethod
    def _origins_from_text(cls, value: Any) -> Any:
        return value.replace(",", " ").split() if isinstance(value, str) else value

    @property
    def is_https(self) -> bool:
        """Whether lti-qi is served over HTTPS (cookies then allow cross-site iframes)."""
        return self.base_url.startswith("https://")


def load_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """Merge every configuration layer and validate it.

    Args:
        overrides: values that win over every other layer (tests, ``create_app`` callers).

    Returns:
        The validated, frozen settings.

    Raises:
        ConfigurationError: with every problem found, when the configuration is invalid or unsafe.
    """
    merged = _merge_layers(dict(overrides or {}))
    _resolve_secret_files(merged)
    _fill_instance_defaults(merged)
    try:
        settings = Settings.model_validate(merged)
    except ValidationError as error:
        raise ConfigurationError(_describe_validation(error)) from error
    problems = unsafe_production_problems(settings)
    if problems:
        raise ConfigurationError(problems)
    return settings


def get_settings() -> Settings:
    """Return the settings of the current Flask application."""
    from flask import current_app

    settings: Settings = current_app.extensions["lti_qi.settings"]
    return settings


def unsafe_production_problems(settings: Settings) -> list[str]:
    """List the reasons a production configuration is unsafe (empty when it is safe)."""
    if settings.env != "production":
        return []
    problems = []
    if len(settings.secret_key) < 32:
        problems.append(
            "secret_key is missing or shorter than 32 characters: set LTI_QI_SECRET_KEY "
            "or LTI_QI_SECRET_KEY_FILE to a long random value"
        )
    if settings.debug:
        problems.append("debug is on: set LTI_QI_DEBUG=false (debug pages leak secrets)")
    if settings.sandbox_enabled:
        problems.append(
            "the sandbox LMS is on: set LTI_QI_SANDBOX_ENABLED=false (it would let anyone "
            "launch lti-qi as any user)"
        )
    if not settings.is_https:
        problems.append("base_url is not https: platforms require TLS for LTI 1.3 launches")
    if settings.database_url.startswith("sqlite"):
        problems.append(
            "database_url is SQLite: set LTI_QI_DATABASE_URL to a PostgreSQL database "
            "(postgresql+psycopg://user:password@host/dbname)"
        )
    if not settings.redis_url and settings.workers > 1:
        problems.append(
            f"redis_url is empty but workers = {settings.workers}: set LTI_QI_REDIS_URL so "
            "every worker shares launch state and nonces (or set LTI_QI_WORKERS=1)"
        )
    return problems


def _merge_layers(overrides: dict[str, Any]) -> dict[str, Any]:
    defaults = _read_toml(paths.config_file("default.toml"))
    extra_file = os.environ.get(f"{ENV_PREFIX}CONFIG")
    extra = _read_toml(Path(extra_file)) if extra_file else {}
    env_name = overrides.get("env") or os.environ.get(f"{ENV_PREFIX}ENV") or extra.get("env")
    env_file = paths.config_file(f"{env_name or defaults['env']}.toml")
    layers = [_read_toml(env_file) if env_file.is_file() else {}, extra]
    layers += [_read_environment(defaults.keys()), overrides]
    merged = dict(defaults)
    for layer in layers:
        merged.update(layer)
    if not any("base_url" in layer for layer in layers):  # the default follows the port
        merged["base_url"] = _on_port(defaults["base_url"], merged["port"])
    return merged


def _on_port(url: str, port: object) -> str:
    """Return ``url`` with its port replaced (left as it is if ``port`` is no number)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}:{port}" if isinstance(port, int) else url


def _read_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _read_environment(known_keys: Any) -> dict[str, Any]:
    """Read ``LTI_QI_<KEY>`` variables; unknown names are kept so validation can name them."""
    values: dict[str, Any] = {}
    for name, raw in os.environ.items():
        if name.startswith(ENV_PREFIX) and name != f"{ENV_PREFIX}CONFIG":
            key = name[len(ENV_PREFIX) :].lower()
            values[key] = raw if key not in known_keys else _parse_environment_value(key, raw)
    return values


def _parse_environment_value(key: str, raw: str) -> Any:
    """Numbers and booleans arrive as JSON literals (``5000``, ``true``); the rest is text."""
    if key in SECRET_KEYS:
        return raw
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        return raw
    return value if isinstance(value, (bool, int, float)) else raw


def _resolve_secret_files(merged: dict[str, Any]) -> None:
    for key in SECRET_KEYS:
        file_name = merged.get(f"{key}_file")
        if file_name and not merged.get(key):
            try:
                merged[key] = Path(file_name).read_text(encoding="utf-8").strip()
            except OSError as error:
                problem = f"{key}_file {file_name!r} cannot be read ({error.strerror})"
                raise ConfigurationError([problem]) from error


def _fill_instance_defaults(merged: dict[str, Any]) -> None:
    """Give development and test a generated secret and an SQLite database in the instance."""
    instance = Path(merged.get("instance_path") or paths.default_instance_path())
    merged["instance_path"] = str(instance)
    if not merged.get("database_url"):
        merged["database_url"] = f"sqlite:///{instance / 'lti-qi.sqlite3'}"
    if not merged.get("secret_key") and merged.get("env") != "production":
        merged["secret_key"] = _instance_secret(instance)


def _instance_secret(instance: Path) -> str:
    secret_file = instance / "secret_key"
    if not secret_file.is_file():
        instance.mkdir(parents=True, exist_ok=True)
        secret_file.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        secret_file.chmod(0o600)
    return secret_file.read_text(encoding="utf-8").strip()


def _describe_validation(error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"])
        if item["type"] == "extra_forbidden":
            problems.append(
                f"unknown setting {key!r} (from a config file or {ENV_PREFIX}{key.upper()}): "
                "check its spelling against config/default.toml"
            )
        else:
            problems.append(f"{key}: {item['msg']}")
    return problems
