"""Launch variants from the LTI Advantage certification guide (section 6.1), as sandbox presets.

Each preset changes how the sandbox signs one launch. The bad ones must each be refused with
a clear 4xx page; the valid ones must each be accepted. The sandbox page offers them as
buttons and the test suite runs every one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLE = "http://purl.imsglobal.org/vocab/lis/v2/"
CLIENT_ID = "<client id>"  # stands for the launched tool's client id in ``set_claims``


@dataclass(frozen=True)
class LaunchCase:
    """A named change to an otherwise normal sandbox launch."""

    slug: str
    title: str
    expected_check: str | None = None
    drop_claims: tuple[str, ...] = ()
    set_claims: dict[str, Any] = field(default_factory=dict)
    header: dict[str, Any] = field(default_factory=dict)
    signing: str = "platform"
    roles: tuple[str, ...] | None = None
    share_name: bool = True
    share_email: bool = True
    with_context: bool = True

    @property
    def is_valid(self) -> bool:
        """Whether lti-qi must accept this launch."""
        return self.expected_check is None


BAD_CASES = (
    LaunchCase("no-kid", "No KID sent in JWT header", "signature", header={"kid": None}),
    LaunchCase(
        "incorrect-kid", "Incorrect KID in JWT header", "key", header={"kid": "no-such-key"}
    ),
    LaunchCase("wrong-version", "Wrong LTI version", "claims", set_claims={"version": "1.2.0"}),
    LaunchCase("no-version", "No LTI version", "claims", drop_claims=("version",)),
    LaunchCase(
        "not-lti",
        "Invalid LTI message",
        "claims",
        drop_claims=("version", "message_type", "roles", "resource_link", "target_link_uri"),
    ),
    LaunchCase("no-iss", "Missing iss claim", "registration", drop_claims=("iss",)),
    LaunchCase(
        "expired", "Expired token (exp in the past)", "timestamps", set_claims={"exp": -600}
    ),
    LaunchCase("future-iat", "Issued in the future (iat)", "timestamps", set_claims={"iat": 3600}),
    LaunchCase("no-exp", "Missing exp", "timestamps", drop_claims=("exp",)),
    LaunchCase(
        "no-message-type", "message_type claim missing", "claims", drop_claims=("message_type",)
    ),
    LaunchCase(
        "unknown-message-type",
        "Unknown message type",
        "claims",
        set_claims={"message_type": "LtiFooRequest"},
    ),
    LaunchCase("no-roles", "role claim missing", "claims", drop_claims=("roles",)),
    LaunchCase(
        "no-deployment", "deployment_id claim missing", "deployment", drop_claims=("deployment_id",)
    ),
    LaunchCase(
        "unknown-deployment",
        "Unknown deployment_id",
        "deployment",
        set_claims={"deployment_id": "not-registered"},
    ),
    LaunchCase(
        "no-resource-link",
        "resource_link_id claim missing",
        "claims",
        drop_claims=("resource_link",),
    ),
    LaunchCase("no-sub", "user (sub) claim missing", "claims", drop_claims=("sub",)),
    LaunchCase(
        "no-target-link", "target_link_uri missing", "claims", drop_claims=("target_link_uri",)
    ),
    LaunchCase(
        "foreign-target-link",
        "target_link_uri elsewhere",
        "claims",
        set_claims={"target_link_uri": "https://evil.example/launch"},
    ),
    LaunchCase(
        "wrong-aud",
        "Token for another client (aud)",
        "registration",
        set_claims={"aud": "someone-else"},
    ),
    LaunchCase(
        "aud-without-azp",
        "Several audiences, no azp",
        "audience",
        set_claims={"aud": [CLIENT_ID, "other"]},
    ),
    LaunchCase("no-nonce", "Missing nonce", "nonce", drop_claims=("nonce",)),
    LaunchCase("alg-none", "Unsigned token (alg none)", "signature", signing="none"),
    LaunchCase(
        "alg-hs256", "HS256 signed with the public key", "signature", signing="hs256-public-key"
    ),
    LaunchCase(
        "bad-signature",
        "Signed with a key the platform never published",
        "signature",
        signing="foreign-key",
    ),
)

VALID_CASES = (
    LaunchCase(
        "several-roles",
        "Valid launch with several roles",
        roles=(ROLE + "membership#Learner", ROLE + "membership#Mentor"),
    ),
    LaunchCase("short-role", "Valid launch with a short role name", roles=("Instructor",)),
    LaunchCase(
        "unknown-role",
        "Valid launch with an unknown role",
        roles=("http://example.org/roles#Chef",),
    ),
    LaunchCase("no-role", "Valid launch with an empty roles list", roles=()),
    LaunchCase(
        "institution-roles",
        "Institution roles only (as older Open edX sends)",
        roles=(ROLE + "institution/person#Student",),
    ),
    LaunchCase("email-only", "Email only", share_name=False),
    LaunchCase("names-only", "Names only", share_email=False),
    LaunchCase("no-pii", "No name or email", share_name=False, share_email=False),
    LaunchCase("no-context", "Email without context", share_name=False, with_context=False),
    LaunchCase(
        "azp",
        "Several audiences with azp",
        set_claims={"aud": [CLIENT_ID, "other"], "azp": CLIENT_ID},
    ),
    LaunchCase(
        "no-ags",
        "Grade services switched off (as Open edX allows)",
        drop_claims=("https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",),
    ),
    LaunchCase(
        "no-nrps",
        "No course roster service (NRPS off, as Open edX's default)",
        drop_claims=("https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",),
    ),
)

CASES = {case.slug: case for case in (*BAD_CASES, *VALID_CASES)}
TIME_CLAIMS = ("exp", "iat")
