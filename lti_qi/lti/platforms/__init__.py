"""What lti-qi does differently for each LMS family, one module per family.

Every LMS-specific decision in lti-qi asks the registration's ``PlatformProfile`` (found by
its product family code, as the operator gave it or as the LMS named itself in Dynamic
Registration) instead of testing an LMS's name. Each family's module holds its profile and,
in its docstring, every quirk of that LMS that lti-qi knows of, including those the standard
code paths already absorb. To add a quirk: add a field here (its generic value as the
default), set it in the family's module, and ask the profile where the behaviour differs.
"""

from __future__ import annotations

from lti_qi.lti.platforms import brightspace, canvas, generic, moodle, openedx
from lti_qi.lti.platforms.profile import PlatformProfile

PROFILES: tuple[PlatformProfile, ...] = (
    openedx.PROFILE,
    moodle.PROFILE,
    canvas.PROFILE,
    brightspace.PROFILE,
)


def profile_for(product_family: str) -> PlatformProfile:
    """Return the profile of an LMS family (the generic one for an unknown or empty code).

    Codes are compared without case, spaces or punctuation: ``Open edX`` is ``openedx``.
    """
    code = "".join(ch for ch in product_family.lower() if ch.isalnum())
    return next((profile for profile in PROFILES if code in profile.codes), generic.PROFILE)


def hosts_serving(issuer_host: str) -> frozenset[str]:
    """Return the hosts that may serve an issuer's OpenID configuration and keys.

    An issuer's own host always may; some LMSs moved these endpoints to other hosts while
    keeping their issuer (Canvas cloud), and say so in their profile.
    """
    moved = (
        host for profile in PROFILES for host in profile.configuration_hosts.get(issuer_host, ())
    )
    return frozenset({issuer_host, *moved})
