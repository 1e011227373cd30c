"""What learners thought of each module: the end-of-module survey, summed up for designers.

Each module of the course's pathway gets its number of responses, mean rating and the
distribution of ratings 1 to 5 (one query for all modules); a chosen module gets its trend
(responses and mean rating month by month) and its comments, newest first, a page at a
time. Comments are shown without names: the survey is about the content, and learners
write more freely when it is not about them. Everything is scoped to one course.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from lti_qi.domain.course import Module, Pathway
from lti_qi.errors import NotFound
from lti_qi.extensions import db
from lti_qi.models import ModuleFeedback
from lti_qi.services.content import course_settings

RATINGS = (1, 2, 3, 4, 5)
COMMENTS_PER_PAGE = 20


@dataclass(frozen=True)
class ModuleRatings:
    """The ratings one module received in a course."""

    module: Module
    distribution: tuple[int, ...]

    @property
    def responses(self) -> int:
        """Return how many learners answered the survey."""
        return sum(self.distribution)

    @property
    def mean_rating(self) -> float | None:
        """Return the mean rating (1 to 5), or None without responses."""
        if not self.responses:
            return None
        total = sum(
            rating * count for rating, count in zip(RATINGS, self.distribution, strict=True)
        )
        return round(total / self.responses, 1)

    def share(self, rating: int) -> float:
        """Return the share (0 to 1) of responses that gave this rating."""
        return self.distribution[rating - 1] / self.responses if self.responses else 0.0


@dataclass(frozen=True)
class Comment:
    """A comment left with a rating."""

    rating: int
    text: str
    left_at: datetime


@dataclass(frozen=True)
class CommentPage:
    """One page of a module's comments, newest first."""

    module: Module
    comments: tuple[Comment, ...]
    page: int
    pages: int
    total: int


@dataclass(frozen=True)
class MonthRatings:
    """The ratings one module received in one calendar month."""

    month: date
    responses: int
    mean_rating: float


@dataclass(frozen=True)
class FeedbackResults:
    """Every module's ratings, and one module's trend and comments."""

    pathway: Pathway
    ratings: tuple[ModuleRatings, ...]
    comments: CommentPage | None
    trend: tuple[MonthRatings, ...] = ()


def feedback_results(
    context_id: int, *, module_slug: str | None = None, page: int = 1
) -> FeedbackResults:
    """Return the course's ratings per module and a page of one module's comments.

    Raises:
        NotFound: when ``module_slug`` is not a module of the course's pathway.
    """
    pathway = course_settings.pathway(context_id)
    chosen = pathway.modules[0] if module_slug is None and pathway.modules else None
    if module_slug is not None:
        chosen = pathway.find_module(module_slug)
        if chosen is None:
            raise NotFound("That module is not part of this course's pathway.")
    return FeedbackResults(
        pathway=pathway,
        ratings=tuple(module_ratings(context_id, pathway)),
        comments=module_comments(context_id, chosen, page=page) if chosen else None,
        trend=module_trend(context_id, chosen) if chosen else (),
    )


def module_ratings(context_id: int, pathway: Pathway) -> list[ModuleRatings]:
    """Return each module's rating distribution in this course (one grouped query)."""
    query = (
        select(ModuleFeedback.item_id, ModuleFeedback.rating, func.count())
        .where(
            ModuleFeedback.context_id == context_id,
            ModuleFeedback.item_id.in_([module.id for module in pathway.modules]),
        )
        .group_by(ModuleFeedback.item_id, ModuleFeedback.rating)
    )
    counts = {(item_id, rating): count for item_id, rating, count in db.session.execute(query)}
    return [
        ModuleRatings(module, tuple(counts.get((module.id, rating), 0) for rating in RATINGS))
        for module in pathway.modules
    ]


def module_comments(context_id: int, module: Module, *, page: int = 1) -> CommentPage:
    """Return a page of a module's comments in this course, newest first (two queries)."""
    with_comment = (
        ModuleFeedback.context_id == context_id,
        ModuleFeedback.item_id == module.id,
        ModuleFeedback.comment.is_not(None),
    )
    total = int(
        db.session.scalar(select(func.count()).select_from(ModuleFeedback).where(*with_comment))
        or 0
    )
    pages = max(1, -(-total // COMMENTS_PER_PAGE))
    page = min(max(page, 1), pages)
    query = (
        select(ModuleFeedback.rating, ModuleFeedback.comment, ModuleFeedback.created_at)
        .where(*with_comment)
        .order_by(ModuleFeedback.created_at.desc(), ModuleFeedback.id.desc())
        .offset((page - 1) * COMMENTS_PER_PAGE)
        .limit(COMMENTS_PER_PAGE)
    )
    comments = tuple(
        Comment(rating, text or "", at) for rating, text, at in db.session.execute(query)
    )
    return CommentPage(module, comments, page, pages, total)


def module_trend(context_id: int, module: Module) -> tuple[MonthRatings, ...]:
    """Return a module's responses and mean rating per calendar month, oldest first."""
    query = select(ModuleFeedback.rating, ModuleFeedback.created_at).where(
        ModuleFeedback.context_id == context_id, ModuleFeedback.item_id == module.id
    )
    by_month: dict[date, list[int]] = {}
    for rating, left_at in db.session.execute(query):
        by_month.setdefault(left_at.date().replace(day=1), []).append(rating)
    return tuple(
        MonthRatings(month, len(ratings), round(sum(ratings) / len(ratings), 1))
        for month, ratings in sorted(by_month.items())
    )
