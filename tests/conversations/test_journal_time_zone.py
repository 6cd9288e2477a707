"""A check-in with no day is logged on the user's today, where their Echo is, not on UTC's:
the skill asks Alexa's Device Settings API (a loopback stand-in here) once a session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.conversations.journal_talk import check_ins, log_check_in
from tools.conversation import Conversation
from tools.envelopes import OFFLINE_API_ENDPOINT, Device


def _days(ddb, device: Device) -> list[str]:
    return [item["sk"]["S"].split("#C#")[1].split("#")[0] for item in check_ins(ddb, device.user_id)]


def test_today_is_the_devices_today(handler, ddb, alexa_api):
    # Kiritimati is UTC+14 and Pago Pago UTC-11: at any hour, their dates differ from each other.
    ahead, behind = Device(), Device()
    alexa_api.zones[ahead.device_id] = "Pacific/Kiritimati"
    alexa_api.zones[behind.device_id] = "Pacific/Pago_Pago"
    for device in (ahead, behind):
        talk = Conversation(handler, device)
        talk.launch()
        calls = alexa_api.calls
        log_check_in(talk, "Maya", "safe")
        log_check_in(talk, "Sam", "calm")
        assert alexa_api.calls - calls == 1, "asked once a session"
    assert _days(ddb, ahead) == [datetime.now(ZoneInfo("Pacific/Kiritimati")).date().isoformat()] * 2
    assert _days(ddb, behind) == [datetime.now(ZoneInfo("Pacific/Pago_Pago")).date().isoformat()] * 2
    assert _days(ddb, ahead) != _days(ddb, behind)


def test_without_the_settings_api_today_is_utcs_and_nothing_is_slower(handler, ddb):
    offline = Device(api_endpoint=OFFLINE_API_ENDPOINT)
    talk = Conversation(handler, offline)
    started = datetime.now(UTC)
    log_check_in(talk, "Maya", "safe")
    assert _days(ddb, offline) == [datetime.now(UTC).date().isoformat()]
    assert (datetime.now(UTC) - started).total_seconds() < 2


def test_an_evening_check_in_is_the_last_one_even_when_utc_has_passed_midnight(handler, ddb, alexa_api):
    from tests.conversations.journal_talk import log_slots
    from tools import envelopes

    new_york = Device()
    alexa_api.zones[new_york.device_id] = "America/New_York"
    talk = Conversation(handler, new_york)
    talk.launch()
    day = datetime.now(UTC).date()
    for who, stamp in (("Maya", f"{day}T15:00:00Z"), ("Sam", f"{day + timedelta(days=1)}T01:00:00Z")):
        # 10 am, then 8 pm, in New York: the second is past midnight in UTC
        talk.intent("LogCheckInIntent", *log_slots(who, "safe"), dialog_state="STARTED")
        talk.intent("AMAZON.NoIntent")
        saved = talk.send({**envelopes.intent_request("AMAZON.YesIntent"), "timestamp": stamp})
        assert saved.said("journal/saved"), saved.keys
    asked = talk.intent("DeleteLastCheckInIntent")
    assert "Sam" in asked.text and "Maya" not in asked.text, asked.text
