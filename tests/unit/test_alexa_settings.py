"""The user's access token is sent only to Alexa's API hosts (or a stand-in on this machine)."""

from __future__ import annotations

import pytest
from safe_connections.alexa_settings import _trusted, device_time_zone


@pytest.mark.parametrize("endpoint", ["https://api.amazonalexa.com", "https://api.eu.amazonalexa.com/",
                                      "https://api.fe.amazonalexa.com", "http://127.0.0.1:8080"])
def test_alexas_hosts_and_loopback_are_trusted(endpoint):
    assert _trusted(endpoint)


@pytest.mark.parametrize("endpoint", ["http://api.amazonalexa.com", "https://api.amazonalexa.com.evil.example",
                                      "https://example.com", "file:///etc/passwd", "ftp://127.0.0.1", "", "junk"])
def test_anything_else_never_gets_the_token(endpoint):
    assert not _trusted(endpoint)
    assert device_time_zone(endpoint, "device", "token") is None


def test_the_zone_comes_from_the_api(alexa_api):
    alexa_api.zones["amzn1.ask.device.X/Y"] = "Europe/London"
    assert device_time_zone(alexa_api.endpoint, "amzn1.ask.device.X/Y", "token") == "Europe/London"
    assert device_time_zone(alexa_api.endpoint, "amzn1.ask.device.X/Y", None) is None
