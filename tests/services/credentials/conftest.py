"""A named learner, their mentor and their course, as the credentials tests start from."""

import pytest
from flask import Flask

from cpd_helpers import new_course, new_user


@pytest.fixture
def people(app: Flask, app_context: None) -> tuple[int, int, int]:
    """A named learner, their mentor and their course: (learner, course, mentor) ids."""
    return (
        new_user("learner-zoe", "Zoë", "Łukasz-Nguyễn"),
        new_course(),
        new_user("mentor-dan", "Dan", "Evans"),
    )
