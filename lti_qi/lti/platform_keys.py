"""Platform public keys: fetched once, cached per process, re-fetched when a ``kid`` is new.

Security Framework 6.3/6.4: a platform rotates its keys by publishing a new key under a new
``kid``. pylti1p3 either fetches the key set on every launch or, with caching on, never
notices a rotation until the cache expires. Here a key set is cached for
``platform_jwks_ttl_seconds``; an unknown ``kid`` triggers one re-fetch (at most
``REFETCHES_PER_MINUTE`` per URL, so random ``kid``s cannot make lti-qi hammer a platform).
Parsed keys are kept, so a launch spends no time converting JWKs.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import requests
from jwt import PyJWK
from jwt.exceptions import PyJWKError

from lti_qi.errors import LaunchError

logger = logging.getLogger(__name__)

REFETCHES_PER_MINUTE = 10


@dataclass
class _CachedKeySet:
    fetched_at: float
    keys: dict[str, Any] = field(default_factory=dict)
    refetches: list[float] = field(default_factory=list)

    def may_refetch(self, now: float) -> bool:
        """Whether a re-fetch for an unknown kid is still within this minute's allowance."""
        self.refetches = [moment for moment in self.refetches if now - moment < 60]
        return len(self.refetches) < REFETCHES_PER_MINUTE


class PlatformKeyCache:
    """Key sets by URL, with their parsed RSA keys by ``kid``."""

    def __init__(self, http: requests.Session, ttl_seconds: int):
        self.http = http
        self.ttl_seconds = ttl_seconds
        self._by_url: dict[str, _CachedKeySet] = {}
        self._lock = threading.Lock()

    def key_for(self, key_set_url: str, kid: str) -> Any:
        """Return the public key for ``kid`` from the key set at ``key_set_url``.

        Raises:
            LaunchError: when the key set cannot be fetched or holds no usable key ``kid``.
        """
        cached = self._by_url.get(key_set_url)
        now = time.monotonic()
        if cached is None or now - cached.fetched_at > self.ttl_seconds:
            cached = self._fetch(key_set_url)
        elif kid not in cached.keys and cached.may_refetch(now):
            logger.info(
                "kid %s not in the cached key set of %s: fetching it again", kid, key_set_url
            )
            cached = self._fetch(key_set_url, refetches=[*cached.refetches, now])
        return _pick(cached.keys, kid, key_set_url)

    def clear(self) -> None:
        """Forget every cached key set."""
        with self._lock:
            self._by_url.clear()

    def _fetch(self, key_set_url: str, refetches: list[float] | None = None) -> _CachedKeySet:
        key_set = _download(self.http, key_set_url)
        cached = _CachedKeySet(time.monotonic(), parse_key_set(key_set), refetches or [])
        with self._lock:
            self._by_url[key_set_url] = cached
        return cached


def key_from_static_set(key_set: dict[str, Any], kid: str) -> Any:
    """Return the key ``kid`` from a key set the operator registered by value."""
    return _pick(parse_key_set(key_set), kid, "the registered key set")


def parse_key_set(key_set: Any) -> dict[str, Any]:
    """Parse the RS256 signing keys of a JWKS into cryptography key objects by ``kid``."""
    keys: dict[str, Any] = {}
    entries = key_set.get("keys", []) if isinstance(key_set, dict) else []
    for entry in entries:
        usable = isinstance(entry, dict) and entry.get("kty") == "RSA" and entry.get("kid")
        if not usable or entry.get("alg", "RS256") != "RS256" or entry.get("use", "sig") != "sig":
            continue
        try:
            keys[entry["kid"]] = PyJWK(entry, algorithm="RS256").key
        except PyJWKError:
            logger.warning("ignored an unreadable key %s in a platform key set", entry.get("kid"))
    return keys


def _download(http: requests.Session, key_set_url: str) -> Any:
    try:
        response = http.get(key_set_url)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise LaunchError(
            "key",
            f"lti-qi could not fetch the LMS's public keys from {key_set_url} ({error}).",
            hint="Check the key set URL registered for this LMS, and that lti-qi can reach it.",
            status=502,
        ) from error


def _pick(keys: dict[str, Any], kid: str, where: str) -> Any:
    try:
        return keys[kid]
    except KeyError:
        raise LaunchError(
            "key",
            f"The launch was signed with key {kid!r}, which is not in {where}.",
            hint="If your LMS rotated its keys, try again in a minute; otherwise ask the "
            "administrator to check the key set URL registered for this LMS.",
        ) from None
