"""OAuth2 scopes of the LTI Advantage services lti-qi uses (AGS 2.0 and NRPS 2.0)."""

LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
LINEITEM_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
MEMBERSHIP_READONLY = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"

# What lti-qi asks platforms for: it never reads results back, so not result.readonly.
ALL = (LINEITEM, LINEITEM_READONLY, SCORE, MEMBERSHIP_READONLY)
