"""The user's access token is sent only to Alexa's API hosts (or a stand-in on this machine), never to a host
a redirect names, and the call ends in time however slowly the answer comes."""

from __future__ import annotations

import time

import pytest
from safe_connections import deadline
from safe_connections.alexa_settings import TIMEOUT_SECONDS, _trusted, device_time_zone

from tools.alexa_api import AlexaSettingsApi


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


def test_a_redirect_is_not_followed_and_the_token_reaches_no_other_host(alexa_api):
    elsewhere = AlexaSettingsApi().start()  # another loopback port: what a redirect would hand the token to
    alexa_api.redirect_to = elsewhere.endpoint
    try:
        assert device_time_zone(alexa_api.endpoint, "amzn1.ask.device.R", "secret-token") is None
        assert alexa_api.calls >= 1 and alexa_api.headers_seen[-1]["Authorization"] == "Bearer secret-token"
        assert elsewhere.calls == 0 and elsewhere.headers_seen == [], "nothing at all arrived at the other host"
    finally:
        alexa_api.redirect_to = None
        elsewhere.stop()


def test_an_answer_that_trickles_in_ends_within_the_calls_timeout(alexa_api):
    alexa_api.trickle = 0.05  # a byte every 50 ms: every socket read succeeds, the answer takes seconds
    try:
        started = time.monotonic()
        assert device_time_zone(alexa_api.endpoint, "amzn1.ask.device.T", "token") is None
        took = time.monotonic() - started
    finally:
        alexa_api.trickle = None
    assert took < TIMEOUT_SECONDS + 0.2, f"{took:.2f} s"


def test_the_call_keeps_to_what_is_left_of_the_turn(alexa_api):
    alexa_api.trickle = 0.05
    try:
        with deadline.turn(seconds=0.3):
            started = time.monotonic()
            assert device_time_zone(alexa_api.endpoint, "amzn1.ask.device.T", "token") is None
            took = time.monotonic() - started
        with deadline.turn(seconds=0.05):  # too little left to start at all: no call
            calls = alexa_api.calls
            assert device_time_zone(alexa_api.endpoint, "amzn1.ask.device.T", "token") is None
            assert alexa_api.calls == calls
    finally:
        alexa_api.trickle = None
    assert took < 0.3 + 0.2, f"{took:.2f} s"
