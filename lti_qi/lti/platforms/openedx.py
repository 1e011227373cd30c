"""Open edX (the LTI Consumer XBlock, xblock-lti-consumer).

Quirks, and where lti-qi handles them (docs/platforms/openedx.md for operators):

- **One grade per component.** Open edX takes the latest fully graded score on any line item
  of a component as the component's grade, so a CPD column there would overwrite the module
  score: ``grades_one_column_per_link`` (read in ``services.passback``) sends scores only to
  the component's own column, with CPD hours in the comment.
- **One client id per component**, always with deployment id ``1``, under one issuer. The
  operator registers the issuer once with ``--approve-client-ids``; a new component's first
  launch files a pending copy of that registration (``lti.tool_config``), and all of an
  issuer's approved registrations make one organisation (``services.platforms``).
- **A key set and token URL per component.** Registered with ``{resource_link_id}`` in them,
  filled in from each launch (``lti.registrations.RESOURCE_LINK_PLACEHOLDER``); the token
  cache is keyed by token URL as well as issuer and client id (``lti.connector``), and a
  roster sync borrows one of the course's links to name the token URL
  (``services.rosters.roster_sync``).
- **Roles.** Releases before 11.1.0 (9.16.1) send institution roles only; they are the
  fallback when a launch has no course roles (``lti.roles``).
- **Scores of 0.** Older releases dropped them (xblock-lti-consumer issue 695); lti-qi sends
  them anyway (``domain.course.passback``).
- **No personal information by default**: names and emails are optional (``models.identity``).
- **Custom parameters** arrive as ``key=value`` lines (``domain.course.link_targets``).
"""

from __future__ import annotations

from lti_qi.lti.platforms.profile import PlatformProfile

PROFILE = PlatformProfile(
    name="Open edX", codes=frozenset({"openedx", "edx"}), grades_one_column_per_link=True
)
