"""Class progress through real sandbox launches: access, figures, stuck learners, roster, CSV."""

import csv
import io
import re

import pytest
import sqlalchemy as sa
from flask import Flask

from lti_qi.domain.course import ActivityStatus, SignoffStatus, summarise
from lti_qi.extensions import db
from lti_qi.models import MemberRole, Project, ProjectMember, StageSignoff, User
from lti_qi.services.base import records
from lti_qi.services.content import packs, pathways
from lti_qi.services.rosters import class_queries, class_roster

from designer_helpers import (
    DESIGNER_PAGES,
    DESIGNER_POSTS,
    add_learners,
    add_progress,
    complete_module,
    correct_answers,
    counting_statements,
    course_id,
    figures,
    finish_aim_learning,
    funnel_row,
    in_app,
    post,
    stage_activities,
)
from launching import LaunchDriver, Launched

AIM = "Choosing a project and writing an aim"


@pytest.fixture
def fatima(launcher: LaunchDriver) -> Launched:
    return launcher.launch(sub="designer-fatima", course="QI-101")


@pytest.mark.parametrize("sub", ["learner-aisha", "mentor-dan", "ta-erin"])
def test_designer_pages_are_refused_to_learners_and_mentors(
    launcher: LaunchDriver, sub: str
) -> None:
    person = launcher.launch(sub=sub, course="QI-101")
    for path in DESIGNER_PAGES:
        response = person.get(path)
        assert response.status_code == 403, path
        assert "designer or administrator role" in response.get_data(as_text=True)
    for path in DESIGNER_POSTS:
        assert post(person, path).status_code == 403, path
    assert "Class progress" not in person.get().get_data(as_text=True)


@pytest.mark.parametrize("sub", ["designer-fatima", "admin-grace"])
def test_designers_and_administrators_open_every_designer_page(
    launcher: LaunchDriver, sub: str
) -> None:
    person = launcher.launch(sub=sub, course="QI-101")
    for path in DESIGNER_PAGES:
        assert person.get(path).status_code == 200, path
    page = person.get("designer/").get_data(as_text=True)
    assert ">Class progress</a>" in page
    assert ">Content</a>" in page


def test_overview_counts_what_learners_did_through_their_own_pages(
    launcher: LaunchDriver, fatima: Launched, app: Flask
) -> None:
    aisha = launcher.launch(sub="learner-aisha")
    finish_aim_learning(aisha, correct_answers(app))
    ben = launcher.launch(sub="learner-ben")
    assert ben.get("activities/aim-read-orientation").status_code == 200
    launcher.launch(sub="learner-chloe").get()
    page = fatima.get("designer/").get_data(as_text=True)
    assert figures(page) == {"Learners": 3, "Started": 2, "Completed the pathway": 0, "Stuck": 0}
    assert funnel_row(page, AIM, "Learn") == ["1", "no sign-off", "no sign-off"]
    assert funnel_row(page, AIM, "Apply") == ["0", "0", "0"]
    assert "Nobody is stuck." in page
    assert "Learners 1 to 3 of 3, sorted by name" in page
    assert "Fatima" not in page.split('id="roster-heading"')[1]


def test_roster_cells_agree_with_the_learners_own_summary(
    launcher: LaunchDriver, fatima: Launched, app: Flask
) -> None:
    aisha = launcher.launch(sub="learner-aisha")
    finish_aim_learning(aisha, correct_answers(app))
    context_id = course_id(app)

    def both():
        pathway = pathways.pathway(packs.DEFAULT_PACK)
        user_id = db.session.scalar(sa.select(User.id).where(User.sub == "learner-aisha"))
        project_id = db.session.scalar(sa.select(Project.id))
        record = records.learner_record(user_id, context_id, project_id)
        own = summarise(pathway, record).modules[0]
        scope = class_queries.course_scope(context_id)
        learners = class_queries.learner_ids(scope)
        roster = class_roster.roster_page(scope, learners, class_queries.learner_totals(scope))
        return own, roster.rows[0].modules[0]

    own, cell = in_app(app, both)
    assert cell.completion == own.completion == 5 / 8
    assert cell.score == own.score == 81.2
    page = fatima.get("designer/").get_data(as_text=True)
    assert '62% done<br><span class="muted">score 81</span>' in page


def test_stuck_learners_are_idle_or_sent_back_and_the_finished_are_not(
    fatima: Launched, app: Flask
) -> None:
    context_id = course_id(app)
    idle, active, finished, sent_back = (
        add_learners(app, context_id, count, prefix=prefix)
        for count, prefix in ((3, "idle"), (2, "active"), (1, "finished"), (1, "sentback"))
    )
    add_progress(app, context_id, idle, ["aim-read-orientation"], days_ago=20)
    add_progress(app, context_id, active, ["aim-read-orientation"], days_ago=2)
    every_slug = in_app(app, lambda: [a.slug for a in pathways.pathway("qi-pathway").activities()])
    add_progress(app, context_id, finished, every_slug, days_ago=30)
    add_progress(app, context_id, sent_back, stage_activities(app, "aim-learn", "aim-apply"))
    _send_back(app, context_id, sent_back[0], "aim-apply")
    page = fatima.get("designer/").get_data(as_text=True)
    assert figures(page) == {"Learners": 7, "Started": 7, "Completed the pathway": 1, "Stuck": 4}
    stuck = page.split('id="stuck-heading"')[1].split('id="roster-heading"')[0]
    assert stuck.count("No progress for 14 days or more") == 3
    assert "sentback learner 0000" in stuck
    assert "A stage was sent back for changes" in stuck
    assert "active learner" not in stuck
    assert "finished learner" not in stuck
    assert funnel_row(page, AIM, "Apply") == ["2", "0", "1"]
    three_weeks = figures(fatima.get("designer/?stuck_days=21").get_data(as_text=True))
    assert three_weeks["Stuck"] == 1  # only the one sent back


def test_roster_pages_and_sorts(fatima: Launched, app: Flask) -> None:
    context_id = course_id(app)
    learners = add_learners(app, context_id, 60)
    add_progress(app, context_id, learners[59:], stage_activities(app, "aim-learn"))
    add_progress(app, context_id, learners[58:59], ["aim-read-orientation"], days_ago=1)
    first = fatima.get("designer/").get_data(as_text=True)
    assert "Learners 1 to 50 of 60, sorted by name" in first
    assert "Page 1 of 2" in first
    assert re.search(
        r'<a href="/s/[^"]+/designer/\?[^"]*page=2[^"]*#roster-heading">Next page', first
    )
    second = fatima.get("designer/?page=2").get_data(as_text=True)
    assert "Learners 51 to 60 of 60" in second
    assert re.search(r'page=1[^"]*#roster-heading">Previous page</a>', second)
    by_progress = fatima.get("designer/?order=progress").get_data(as_text=True)
    names = re.findall(r'<th scope="row">(bulk learner \d+)</th>', by_progress)
    assert names[:2] == ["bulk learner 0059", "bulk learner 0058"]
    by_activity = fatima.get("designer/?order=last_active").get_data(as_text=True)
    assert re.findall(r'<th scope="row">(bulk learner \d+)</th>', by_activity)[0] == (
        "bulk learner 0059"
    )
    assert fatima.get("designer/?page=99&order=nonsense").status_code == 200


def test_overview_runs_the_same_number_of_statements_for_10_and_200_learners(
    fatima: Launched, app: Flask
) -> None:
    context_id = course_id(app)
    slugs = stage_activities(app, "aim-learn", "aim-apply")

    def statements_for_page() -> int:
        fatima.get("designer/")  # warm: the pathway is built once per process
        with counting_statements(app) as statements:
            assert fatima.get("designer/").status_code == 200
        return len(statements)

    add_progress(app, context_id, add_learners(app, context_id, 10, prefix="a"), slugs, score=70)
    with_10 = statements_for_page()
    add_progress(app, context_id, add_learners(app, context_id, 190, prefix="b"), slugs, score=90)
    assert statements_for_page() == with_10
    assert with_10 <= 11  # ten for the figures, one for where the roster comes from


def test_csv_has_every_learner_and_neutralises_formulas(fatima: Launched, app: Flask) -> None:
    context_id = course_id(app)
    learners = add_learners(app, context_id, 3)
    names = ['=HYPERLINK("http://evil.test")', "+44 20", "@SUM(A1)"]

    def rename() -> None:
        for user_id, name in zip(learners, names, strict=True):
            db.session.get(User, user_id).name = name
        db.session.commit()

    in_app(app, rename)
    add_learners(app, context_id, 1, prefix="plain")
    add_progress(app, context_id, learners[:1], stage_activities(app, "aim-learn"), score=50)
    response = fatima.get("designer/progress.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:4] == ["Learner", "Email", "Pathway completion %", "Last activity (UTC)"]
    assert rows[0][4] == f"{AIM}: completion %"
    assert len(rows[0]) == 4 + 3 * 7
    first_cells = sorted(row[0] for row in rows[1:])
    assert first_cells == [
        "'+44 20",
        '\'=HYPERLINK("http://evil.test")',
        "'@SUM(A1)",
        "plain learner 0000",
    ]
    evil = next(row for row in rows if row[0].startswith("'="))
    assert evil[2] == "9"
    assert evil[4:6] == ["62", "56.2"]


def test_a_designer_sees_only_their_own_course(launcher: LaunchDriver, app: Flask) -> None:
    aisha = launcher.launch(sub="learner-aisha", course="QI-101")
    complete_module(app, "learner-aisha")
    aisha_says = {"rating": "2", "comment": "Aisha's QI-101 comment"}
    assert post(aisha, "modules/aim/feedback", aisha_says).status_code == 302
    ben = launcher.launch(sub="learner-ben", course="QI-202")
    other = launcher.launch(sub="designer-fatima", course="QI-202")
    overview = other.get("designer/").get_data(as_text=True)
    assert figures(overview) == {
        "Learners": 1,
        "Started": 0,
        "Completed the pathway": 0,
        "Stuck": 0,
    }
    assert "Ben Carter" in overview
    assert "Aisha" not in overview
    exported = other.get("designer/progress.csv").get_data().decode("utf-8-sig")
    assert "Ben Carter" in exported
    assert "Aisha" not in exported
    complete_module(app, "learner-ben", lti_context_id="QI-202")
    ben_says = {"rating": "5", "comment": "Ben's QI-202 comment"}
    assert post(ben, "modules/aim/feedback", ben_says).status_code == 302
    feedback = other.get("designer/feedback").get_data(as_text=True)
    assert "Ben&#39;s QI-202 comment" in feedback
    assert "QI-101 comment" not in feedback


def _send_back(app: Flask, context_id: int, user_id: int, stage_slug: str) -> None:
    """Give a learner a project whose stage came back with changes requested."""

    def work() -> None:
        stage = pathways.pathway(packs.DEFAULT_PACK).locate_stage(stage_slug)[1]
        project = Project(context_id=context_id, title="Trays", created_by=user_id)
        db.session.add(project)
        db.session.flush()
        db.session.add_all(
            [
                ProjectMember(
                    project_id=project.id,
                    user_id=user_id,
                    context_id=context_id,
                    role=MemberRole.OWNER,
                ),
                StageSignoff(
                    project_id=project.id,
                    item_id=stage.id,
                    status=SignoffStatus.CHANGES_REQUESTED,
                ),
            ]
        )
        db.session.commit()

    in_app(app, work)


def test_statuses_not_done_do_not_count_as_done(fatima: Launched, app: Flask) -> None:
    context_id = course_id(app)
    learners = add_learners(app, context_id, 2)
    slugs = stage_activities(app, "aim-learn")
    add_progress(app, context_id, learners[:1], slugs, status=ActivityStatus.IN_PROGRESS)
    add_progress(app, context_id, learners[1:], slugs, status=ActivityStatus.SUBMITTED)
    page = fatima.get("designer/").get_data(as_text=True)
    assert funnel_row(page, AIM, "Learn")[0] == "1"
