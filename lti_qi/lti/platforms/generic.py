"""Any LMS lti-qi has no particular knowledge of: the LTI 1.3 specifications as written.

Registrations whose product family is empty or unknown (the built-in sandbox LMS included)
get this profile: every quirk field keeps its default.
"""

from __future__ import annotations

from lti_qi.lti.platforms.profile import PlatformProfile

PROFILE = PlatformProfile(name="LTI 1.3 platform")
