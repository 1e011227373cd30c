"""A learner launched from QI-101, as the passback tests start from."""

from __future__ import annotations

import pytest

from launching import LaunchDriver, Launched


@pytest.fixture
def aisha(launcher: LaunchDriver) -> Launched:
    """Aisha launched from QI-101 (a link without its own line item: lti-qi makes columns)."""
    return launcher.launch()
