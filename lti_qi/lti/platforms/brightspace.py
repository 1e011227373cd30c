"""D2L Brightspace.

Nothing in lti-qi's code differs for Brightspace yet: registered with ``--product
brightspace`` (or ``d2l``), it follows the generic LTI 1.3 paths: issuer + client id
look-ups, deployments per registration, AGS line items and NRPS rosters.
"""

from __future__ import annotations

from lti_qi.lti.platforms.profile import PlatformProfile

PROFILE = PlatformProfile(name="D2L Brightspace", codes=frozenset({"brightspace", "d2l"}))
