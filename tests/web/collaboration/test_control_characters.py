"""A NUL (or another control character) in a community message is dropped, not a server error."""

from collaboration_helpers import aisha_project_id, post, shown
from launching import Launched


def test_a_message_with_a_nul_is_posted_without_it(aisha: Launched, database) -> None:
    project_id = aisha_project_id(database)
    path = f"community/projects/{project_id}/messages"
    posted = post(aisha, path, body="Trays\x00 counted\x1b on Ward 4.")
    assert posted.status_code == 302
    assert "Trays counted on Ward 4." in shown(aisha, f"community/projects/{project_id}")
