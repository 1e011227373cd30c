"""The inbox and the emails it sends, sanitised messages, and the cached unread count."""

from flask import Flask
from sqlalchemy import select

from lti_qi import create_app, demo
from lti_qi.extensions import db
from lti_qi.models import EmailMessage, JoinRequest, Notification
from lti_qi.transaction import unit_of_work

from collaboration_helpers import aisha_project_id, post, project_of, shown
from launching import LaunchDriver, Launched, route_in_process


def test_inbox_shows_unread_newest_first_and_marks_them_read(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    project_id = aisha_project_id(database)
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    chloe = launcher.launch(sub="learner-chloe", course="QI-101")
    assert post(ben, f"community/projects/{project_id}/join").status_code == 302
    assert post(ben, "community/requests/0/withdraw").status_code == 404
    request_id = database(lambda: db.session.scalar(select(JoinRequest.id)))
    assert post(ben, f"community/requests/{request_id}/withdraw").status_code == 302
    assert post(chloe, f"community/projects/{project_id}/join").status_code == 302

    header = shown(aisha, "community")
    assert '<span class="tag">2<span class="visually-hidden"> unread</span></span>' in header
    inbox = shown(aisha, "inbox")
    assert "2 unread messages." in inbox
    assert inbox.index("Chloe Davies asked") < inbox.index("Ben Carter asked")
    assert inbox.count('<span class="tag">New</span>') == 2
    assert f'/community/projects/{project_id}"' in inbox

    assert post(aisha, "inbox/read").status_code == 302
    inbox = shown(aisha, "inbox")
    assert "Nothing unread." in inbox
    assert '<span class="tag">New</span>' not in inbox
    assert 'visually-hidden"> unread' not in shown(aisha, "community")


def test_emails_say_where_to_look_and_carry_no_link(
    app: Flask, database_url: str, launcher: LaunchDriver
) -> None:
    mailer = create_app(
        {
            "env": "test",
            "database_url": database_url,
            "instance_path": app.instance_path,
            "smtp_host": "127.0.0.1",
        }
    )
    mailer.testing = True
    demo.mount_sandbox(mailer)
    route_in_process(mailer, launcher.base_url)
    try:
        mailing = LaunchDriver(mailer, launcher.base_url)
        mailing.launch(sub="learner-aisha", course="QI-101").get()
        ben = mailing.launch(sub="learner-ben", course="QI-101")
        with mailer.app_context(), unit_of_work():
            project_id = project_of("learner-aisha")
        assert post(ben, f"community/projects/{project_id}/join").status_code == 302
        with mailer.app_context(), unit_of_work():
            [queued] = db.session.scalars(select(EmailMessage)).all()
            [told] = db.session.scalars(select(Notification)).all()
            assert queued.body == (
                "Ben Carter asked to join your project “My QI project”.\n\n"
                "Open lti-qi from your course to see it."
            )
            assert told.link == f"community/projects/{project_id}"
    finally:
        with mailer.app_context(), unit_of_work():
            db.engine.dispose()


def test_messages_are_rendered_as_sanitised_markdown(aisha: Launched, database) -> None:
    project_id = aisha_project_id(database)
    body = "<script>alert(1)</script> **Run chart** [link](javascript:alert(2))"
    assert post(aisha, f"community/projects/{project_id}/messages", body=body).status_code == 302
    page = shown(aisha, f"community/projects/{project_id}")
    assert "<strong>Run chart</strong>" in page
    assert "<script>alert(1)" not in page
    assert "javascript:alert" not in page
    empty = post(aisha, f"community/projects/{project_id}/messages", body="   ")
    assert empty.status_code == 400


def test_the_unread_count_is_cached_and_follows_new_and_read_messages(
    aisha: Launched, launcher: LaunchDriver, database
) -> None:
    unread_tag = 'visually-hidden"> unread'
    assert unread_tag not in shown(aisha, "community")  # the count (none) is now cached
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    assert post(ben, f"community/projects/{aisha_project_id(database)}/join").status_code == 302

    assert '<span class="tag">1<span class="visually-hidden"> unread' in shown(aisha, "community")
    assert post(aisha, "inbox/read").status_code == 302
    assert unread_tag not in shown(aisha, "community")
