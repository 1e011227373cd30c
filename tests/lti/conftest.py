"""Fixtures for the LTI protocol tests: a service connector to the sandbox LMS."""

import pytest
from flask import Flask

from lti_qi.lti import flow, registrations
from lti_qi.lti.connector import ToolServiceConnector, service_connector
from lti_qi.sandbox.models import SandboxTool


@pytest.fixture
def connector(app: Flask, sandbox: SandboxTool, app_context: None) -> ToolServiceConnector:
    """A connector for the sandbox registration, inside an application context."""
    record = registrations.find_platform("http://tool.test/sandbox", sandbox.client_id)
    assert record is not None
    return service_connector(record, flow.runtime().http, deployment_id=sandbox.deployment_id)
