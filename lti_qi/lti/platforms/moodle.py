"""Moodle (4.x): the LMS that follows the LTI Advantage specifications most closely.

Nothing in lti-qi's code differs for Moodle. What an operator meets (docs/platforms/moodle.md):

- A site tool has one deployment id; a tool added in one course gets its own, which the
  operator adds with ``lti-qi platform add-deployment``.
- Moodle sends course (context) roles, which decide roles in lti-qi (``lti.roles``).
- Moodle offers no platform storage, so an embedded login relies on lti-qi's partitioned
  cookies.
- "Grade sync only" lets lti-qi post scores but not create or change columns: CPD hours then
  travel in the score's comment (``services.passback``).
"""

from __future__ import annotations

from lti_qi.lti.platforms.profile import PlatformProfile

PROFILE = PlatformProfile(name="Moodle", codes=frozenset({"moodle"}))
