"""Which stated URLs become an article's url: absolute http(s) URLs with a host and a valid port."""

import pytest

from transforms.read.items import web_url


@pytest.mark.parametrize(
    "value",
    ["https://news.example.org/a?b=1", "HTTP://Example.com/x", "http://example.com:8080/x"],
)
def test_a_web_url_is_kept_as_stated(value):
    assert web_url(f"  {value} ") == value


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "data:text/html,<p>x</p>",
        "/relative",
        "http:///no-host",
        "http://[::1/unbalanced",
        "http://example.com:abc/x",  # no port number: urlsplit splits it, .port refuses it
        "http://example.com:99999/x",
        None,
        "",
    ],
)
def test_a_url_that_names_no_web_page_is_none(value):
    assert web_url(value) is None
