"""At step one the user may name their safe person; only the first name is kept, only after a yes."""

from __future__ import annotations

from tests.conftest import items_of
from tests.ssml import check_ssml
from tools.envelopes import slot

HOSTILE = "Maya & Sam <3"


def _profile(ddb, user_id: str) -> dict:
    return next(i for i in items_of(ddb, user_id) if i["sk"]["S"].endswith("#profile"))


def _at_step_one(talk):
    talk.launch()
    talk.intent("StartReflectionIntent")
    talk.intent("AMAZON.NextIntent")
    reply = talk.intent("AMAZON.NextIntent")
    assert reply.text.startswith("Step one")
    return reply


def _name(value: str) -> dict:
    return slot("name", value, slot_type="AMAZON.FirstName")


def _step_four(talk):
    return talk.intent("GoToStepIntent", slot("number", "4", slot_type="AMAZON.NUMBER"))


def test_step_one_gently_offers_to_remember_a_first_name(talk):
    reply = _at_step_one(talk)
    assert "first name" in reply.text and "just the name" in reply.text and "skip" in reply.text


def test_the_name_is_stored_only_after_yes_and_is_spoken_escaped(talk, ddb):
    _at_step_one(talk)
    asked = talk.intent("RememberSafePersonIntent", _name(HOSTILE))
    check_ssml(asked.ssml)
    assert "Maya &amp; Sam &lt;3" in asked.ssml and HOSTILE in asked.text.replace("&amp;", "&").replace("&lt;", "<")
    assert "yes" in asked.text.lower() and asked.question == "reflection.remember_name"
    assert "safePerson" not in _profile(ddb, talk.device.user_id), "nothing is kept before the yes"
    kept = talk.intent("AMAZON.YesIntent")
    check_ssml(kept.ssml)
    assert "remember" in kept.text and '"next"' in kept.text
    assert _profile(ddb, talk.device.user_id)["safePerson"] == {"S": HOSTILE}
    step_four = _step_four(talk)
    check_ssml(step_four.ssml)
    assert "sending Maya &amp; Sam &lt;3 a check-in message" in step_four.ssml


def test_no_keeps_nothing_and_step_four_stays_general(talk, ddb):
    _at_step_one(talk)
    talk.intent("RememberSafePersonIntent", _name("Maya"))
    reply = talk.intent("AMAZON.NoIntent")
    assert "won't keep" in reply.text and reply.attributes["state"] == "reflecting"
    assert "safePerson" not in _profile(ddb, talk.device.user_id)
    assert "Maya" not in talk.intent("AMAZON.NextIntent").text
    assert "Maya" not in _step_four(talk).text


def test_next_skips_the_question_and_keeps_nothing(talk, ddb):
    _at_step_one(talk)
    talk.intent("RememberSafePersonIntent", _name("Maya"))
    reply = talk.intent("AMAZON.NextIntent")
    assert reply.text.startswith("Step two")
    assert "safePerson" not in _profile(ddb, talk.device.user_id)


def test_a_user_who_does_not_answer_just_says_next(talk, ddb):
    _at_step_one(talk)
    assert talk.intent("AMAZON.NextIntent").text.startswith("Step two")
    assert "safePerson" not in _profile(ddb, talk.device.user_id)


def test_a_kept_name_is_used_in_a_later_reflection_and_not_asked_for_again(talk, ddb):
    _at_step_one(talk)
    talk.intent("RememberSafePersonIntent", _name("Maya"))
    talk.intent("AMAZON.YesIntent")
    talk.intent("AMAZON.StopIntent")
    talk.new_session()
    talk.intent("StartReflectionIntent")
    talk.intent("AMAZON.NextIntent")
    step_one = talk.intent("AMAZON.NextIntent")
    assert step_one.text.startswith("Step one") and "first name" not in step_one.text and "Maya" not in step_one.text
    assert "sending Maya a check-in message" in _step_four(talk).text


def test_private_mode_keeps_the_name_out_of_speech(talk, ddb):
    import os

    _at_step_one(talk)
    talk.intent("RememberSafePersonIntent", _name("Maya"))
    talk.intent("AMAZON.YesIntent")
    profile = _profile(ddb, talk.device.user_id)
    ddb.update_item(TableName=os.environ["TABLE_NAME"], Key={"pk": profile["pk"], "sk": profile["sk"]},
                    UpdateExpression="SET privateMode = :t", ExpressionAttributeValues={":t": {"BOOL": True}})
    assert "Maya" not in _step_four(talk).text
    step_one = talk.intent("GoToStepIntent", slot("number", "1", slot_type="AMAZON.NUMBER"))
    assert "first name" not in step_one.text, "a kept name is not asked for again, private or not"


def test_a_name_said_at_another_step_is_not_kept(talk, ddb):
    _at_step_one(talk)
    talk.intent("AMAZON.NextIntent")
    reply = talk.intent("RememberSafePersonIntent", _name("Maya"))
    assert "Maya" not in reply.text and reply.attributes["state"] == "reflecting"
    assert talk.intent("AMAZON.YesIntent").text.startswith("Step three")
    assert "safePerson" not in _profile(ddb, talk.device.user_id)


def test_a_name_outside_the_reflection_is_not_kept(talk, ddb):
    talk.launch()
    reply = talk.intent("RememberSafePersonIntent", _name("Maya"))
    assert "step one" in reply.text and not reply.ends_session
    assert "safePerson" not in _profile(ddb, talk.device.user_id)


def test_a_very_long_name_is_clipped_before_it_is_kept(talk, ddb):
    _at_step_one(talk)
    talk.intent("RememberSafePersonIntent", _name("Maya " * 50))
    talk.intent("AMAZON.YesIntent")
    assert len(_profile(ddb, talk.device.user_id)["safePerson"]["S"]) <= 41
