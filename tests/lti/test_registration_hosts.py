"""Which addresses Dynamic Registration may call."""

import pytest

from lti_qi.lti.registration_hosts import HostRefused, check_url


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1:6379/x",
        "https://localhost/x",
        "https://10.1.2.3/x",
        "https://172.16.0.1/x",
        "https://192.168.1.1/x",
        "https://169.254.169.254/latest/meta-data",
        "https://100.64.0.1/x",
        "https://[::1]/x",
        "https://[fe80::1]/x",
        "https://[::ffff:127.0.0.1]/x",
        "https://0.0.0.0/x",
        "http://93.184.215.14/x",
        "ftp://93.184.215.14/x",
        "https:///x",
        "https://no-such-host.invalid/x",
    ],
)
def test_refused(url: str) -> None:
    with pytest.raises(HostRefused):
        check_url(url, ())


def test_a_public_https_address_is_allowed() -> None:
    check_url("https://93.184.215.14/.well-known/openid-configuration", ())


def test_the_operator_may_allow_a_host_or_a_host_and_port() -> None:
    check_url("http://127.0.0.1:5000/sandbox/x", ("127.0.0.1",))
    check_url("http://lms.internal:8000/x", ("lms.internal:8000",))
    with pytest.raises(HostRefused):
        check_url("http://lms.internal:9000/x", ("lms.internal:8000",))
