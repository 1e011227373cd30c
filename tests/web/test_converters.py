"""Ids in addresses: every integer part of a route is an `<id:...>` from 1 to 2^31 - 1, else 404."""

import pytest
from flask import Flask
from werkzeug.routing import IntegerConverter

from lti_qi.web.converters import IdConverter

from launching import LaunchDriver

OUT_OF_RANGE = ["0", str(2**31), str(2**63), "9" * 30]


def test_every_integer_route_part_is_a_bounded_id(app: Flask) -> None:
    unbounded = [
        f"{rule.rule} ({name})"
        for rule in app.url_map.iter_rules()
        for name, converter in rule._converters.items()
        if isinstance(converter, IntegerConverter) and not isinstance(converter, IdConverter)
    ]
    assert not unbounded


@pytest.mark.parametrize("number", OUT_OF_RANGE)
def test_an_id_out_of_range_is_not_found(launcher: LaunchDriver, number: str) -> None:
    aisha = launcher.launch(sub="learner-aisha")
    aisha.get()
    for path in (f"community/projects/{number}", f"measures/{number}"):
        assert aisha.get(path).status_code == 404, path
