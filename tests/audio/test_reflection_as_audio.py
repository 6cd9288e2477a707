"""On an Echo with an AudioPlayer the reflection plays as one continuous piece of audio: nobody says "next",
"Alexa, pause" and "Alexa, resume" work as on any audio, and the place is kept to the second, days later."""

from __future__ import annotations

import os

from safe_connections.store import UserRef

from tests.audio.echo import Echo, directive_types, fetch, name, plays, segment_of
from tests.conftest import items_of
from tests.ssml import check_ssml
from tools.conversation import Conversation
from tools.envelopes import Device, slot

FULL = ["opening", "question", "step1", "step2", "step3", "step4", "step5", "step6", "step7", "closing"]
SHORT = ["short_opening", "short_step1", "short_step4", "short_step7", "short_closing"]


def _profile(ddb, echo: Echo) -> dict:
    found = [i for i in items_of(ddb, echo.device.user_id) if i["sk"]["S"].endswith("#profile")]
    return found[0] if found else {}


def _place(ddb, echo: Echo) -> dict | None:
    stored = _profile(ddb, echo).get("reflection")
    if not stored:
        return None
    values = stored["M"]
    return {k: v.get("S", v.get("N", v.get("BOOL"))) for k, v in values.items()}


def _listen_to_the_end(echo: Echo, stream: dict) -> list[str]:
    """Plays as an Echo does with nobody saying a word: Started, NearlyFinished (the skill enqueues the next
    segment behind this one), Finished, and on to the next, until nothing is queued."""
    heard = []
    while stream is not None:
        echo.playing(stream)
        assert echo.report("Started", stream)["response"] == {}
        heard.append(segment_of(stream))
        queued = plays(echo.report("NearlyFinished", stream, 20_000))
        assert len(heard) < 20, "the reflection never ended"
        assert echo.report("Finished", stream, 60_000)["response"] == {}
        if queued:
            (following,) = queued
            assert following["playBehavior"] == "ENQUEUE" and following["expectedPreviousToken"] == stream["token"]
            assert following["offsetInMilliseconds"] == 0
        stream = queued[0] if queued else None
    echo.state = None
    return heard


def test_start_the_reflection_plays_it_as_audio_after_one_spoken_sentence(handler):
    echo = Echo(handler)
    reply = echo.say("StartReflectionIntent")
    check_ssml(reply.ssml)
    assert "Alexa, pause" in reply.text and "it's too much" in reply.text
    assert reply.ends_session and not reply.reprompt, "a Play ends the session: nobody has to answer"
    (stream,) = plays(reply.raw)
    assert stream["playBehavior"] == "REPLACE_ALL" and stream["offsetInMilliseconds"] == 0
    assert segment_of(stream) == "opening" and stream["token"].startswith("sc1.full.opening.")
    assert stream["url"].startswith("http://127.0.0.1:") and "X-Amz-Signature=" in stream["url"]
    assert os.environ["AUDIO_BUCKET"] in stream["url"] and fetch(stream["url"]), "the device can fetch it"
    metadata = reply.response["directives"][0]["audioItem"]["metadata"]
    assert metadata == {"title": "Safe Connections", "subtitle": "The beginning"}


def test_silence_plays_the_whole_reflection_in_order_and_it_ends_gently(handler, ddb):
    echo = Echo(handler)
    assert _listen_to_the_end(echo, echo.start()) == FULL
    assert _place(ddb, echo) is None, "finished: no place to offer any more"


def test_the_short_reflection_plays_its_five_parts(handler, ddb):
    echo = Echo(handler)
    assert _listen_to_the_end(echo, echo.start("StartShortReflectionIntent")) == SHORT
    assert _place(ddb, echo) is None


def test_pause_stops_the_stream_and_the_place_is_kept_to_the_millisecond(handler, ddb):
    echo = Echo(handler)
    stream = echo.start()
    echo.playing(stream)
    echo.report("Started", stream)
    step4 = plays(echo.say("GoToStepIntent", slot("number", "4", slot_type="AMAZON.NUMBER")).raw)[0]
    assert segment_of(step4) == "step4"
    echo.report("Stopped", stream, 1_500)
    echo.playing(step4, 0)
    echo.report("Started", step4)
    echo.playing(step4, 41_250)
    paused = echo.say("AMAZON.PauseIntent")
    assert directive_types(paused.raw) == ["AudioPlayer.Stop"] and not paused.ssml and paused.ends_session
    assert echo.report("Stopped", step4, 41_250)["response"] == {}
    echo.playing(step4, 41_250, "STOPPED")
    assert _place(ddb, echo) | {"saved": "-"} == {"version": "full", "segment": "5", "id": "step4",
                                                 "offsetMs": "41250", "saved": "-"}


def test_alexa_resume_continues_from_where_the_device_stopped(handler):
    echo = Echo(handler)
    stream = echo.start()
    echo.playing(stream, 23_400, "STOPPED")
    reply = echo.say("AMAZON.ResumeIntent")
    (resumed,) = plays(reply.raw)
    assert segment_of(resumed) == "opening" and resumed["offsetInMilliseconds"] == 23_400
    assert resumed["playBehavior"] == "REPLACE_ALL" and not reply.ssml and reply.ends_session
    assert resumed["token"] != stream["token"], "a fresh token and a freshly signed URL"


def test_resume_my_reflection_two_days_later_continues_within_a_second(handler, ddb):
    echo = Echo(handler)
    stream = echo.start()
    for _ in range(5):  # opening, question, step1, step2, step3 play through
        echo.playing(stream)
        echo.report("Started", stream)
        (stream,) = plays(echo.report("NearlyFinished", stream, 30_000))
        echo.report("Finished", stream, 60_000)
    echo.playing(stream)
    echo.report("Started", stream)
    assert segment_of(stream) == "step4"
    echo.say("AMAZON.PauseIntent")
    echo.report("Stopped", stream, 37_840)
    # Two days later, on another Echo in the house: no player state there, only the profile.
    later = Echo(handler)
    later.device.user_id = echo.device.user_id
    later.talk.launch()
    reply = later.say("ResumeReflectionIntent")
    (resumed,) = plays(reply.raw)
    assert segment_of(resumed) == "step4" and abs(resumed["offsetInMilliseconds"] - 37_840) < 1_000
    assert "pick up where you left off" in reply.text or "carry on from where you were" in reply.text
    assert "Alexa, pause" in reply.text and reply.ends_session


def test_the_welcome_offers_the_paused_audio_and_yes_resumes_it(handler):
    echo = Echo(handler)
    echo.talk.launch()
    stream = echo.start()
    echo.report("Stopped", stream, 12_000)
    echo.state = None
    echo.talk.new_session()
    offer = echo.talk.launch()
    assert "the beginning" in offer.text and not offer.ends_session
    (resumed,) = plays(echo.say("AMAZON.YesIntent", new_session=False).raw)
    assert segment_of(resumed) == "opening" and resumed["offsetInMilliseconds"] == 12_000


def test_next_previous_repeat_and_start_over_move_through_the_audio(handler):
    echo = Echo(handler)
    stream = echo.start()
    echo.playing(stream, 5_000)
    (question,) = plays(echo.say("AMAZON.NextIntent").raw)
    assert segment_of(question) == "question" and question["offsetInMilliseconds"] == 0
    echo.playing(question, 5_000)
    (step1,) = plays(echo.say("AMAZON.NextIntent").raw)
    echo.playing(step1, 9_000)
    (again,) = plays(echo.say("AMAZON.RepeatIntent").raw)
    assert segment_of(again) == "step1" and again["offsetInMilliseconds"] == 0
    echo.playing(again, 3_000)
    (back,) = plays(echo.say("AMAZON.PreviousIntent").raw)
    assert segment_of(back) == "question"
    echo.playing(back, 3_000)
    reply = echo.say("AMAZON.StartOverIntent")
    (first,) = plays(reply.raw)
    assert segment_of(first) == "opening" and "from the beginning" in reply.text
    echo.playing(first, 1_000)
    (still_first,) = plays(echo.say("AMAZON.PreviousIntent").raw)
    assert segment_of(still_first) == "opening"


def test_next_during_the_closing_says_it_is_the_last_part_and_lets_it_play(handler):
    echo = Echo(handler)
    stream = echo.start()
    echo.playing(stream)
    (closing,) = plays(echo.say("GoToStepIntent", slot("stepName", "closing", slot_type="REFLECTION_STEP",
                                                        match_id="closing")).raw)
    echo.playing(closing, 2_000)
    reply = echo.say("AMAZON.NextIntent")
    assert "last part" in reply.text and directive_types(reply.raw) == [] and reply.ends_session


def test_loop_and_shuffle_answer_gently_and_the_audio_carries_on(handler):
    echo = Echo(handler)
    stream = echo.start()
    echo.playing(stream, 4_000)
    for intent, words in (("AMAZON.LoopOnIntent", "nothing to loop"), ("AMAZON.LoopOffIntent", "nothing to loop"),
                          ("AMAZON.ShuffleOnIntent", "in order"), ("AMAZON.ShuffleOffIntent", "in order")):
        reply = echo.say(intent)
        check_ssml(reply.ssml)
        assert words in reply.text and "carry on" in reply.text, intent
        assert directive_types(reply.raw) == [] and reply.ends_session, "no directive: the stream goes on"


def test_loop_and_shuffle_outside_the_audio_keep_the_conversation(talk):
    talk.launch()
    reply = talk.intent("AMAZON.ShuffleOnIntent")
    assert "in order" in reply.text and not reply.ends_session and reply.reprompt


def test_cancel_while_it_plays_stops_it_keeps_the_place_and_says_how_to_come_back(handler, ddb):
    echo = Echo(handler)
    stream = echo.start()
    echo.playing(stream, 8_000)
    reply = echo.say("AMAZON.CancelIntent")
    assert directive_types(reply.raw) == ["AudioPlayer.Stop"] and "resume my reflection" in reply.text
    echo.report("Stopped", stream, 8_000)
    assert _place(ddb, echo)["offsetMs"] == "8000"


def test_the_device_buttons_answer_with_directives_only(handler):
    echo = Echo(handler)
    stream = echo.start()
    echo.playing(stream, 6_000)
    from tools.audio_envelopes import button

    paused = echo.event(button("Pause"))
    assert directive_types(paused) == ["AudioPlayer.Stop"]
    echo.playing(stream, 6_000, "STOPPED")
    (played,) = plays(echo.event(button("Play")))
    assert segment_of(played) == "opening" and played["offsetInMilliseconds"] == 6_000
    echo.playing(played, 7_000)
    (following,) = plays(echo.event(button("Next")))
    assert segment_of(following) == "question"
    echo.playing(following, 1_000)
    (previous,) = plays(echo.event(button("Previous")))
    assert segment_of(previous) == "opening"
    for answer in (paused, echo.event(button("Play")), echo.event(button("Next"))):
        body = answer["response"]
        assert set(body) <= {"directives"}, f"only AudioPlayer directives, no speech: {body}"


def test_events_for_a_stream_that_is_not_ours_change_nothing(handler, ddb):
    echo = Echo(handler)
    echo.talk.launch()
    before = _profile(ddb, echo)
    stream = {"token": "another-skill's-track-42"}
    for kind in ("Started", "NearlyFinished", "Stopped", "Finished"):
        assert echo.report(kind, stream, 1_000)["response"] == {}
    assert _profile(ddb, echo) == before


def test_each_event_is_answered_only_with_what_alexa_allows_there(handler):
    echo = Echo(handler)
    stream = echo.start()
    echo.playing(stream)
    allowed = {"Started": {"AudioPlayer.Stop", "AudioPlayer.ClearQueue"}, "Finished": {"AudioPlayer.Stop",
               "AudioPlayer.ClearQueue"}, "Stopped": set(), "NearlyFinished": {"AudioPlayer.Play"}}
    for kind, directives in allowed.items():
        answer = echo.report(kind, stream, 10_000)
        assert set(directive_types(answer)) <= directives and set(answer["response"]) <= {"directives"}, kind


def test_a_failed_stream_is_tried_once_more_then_an_apology_plays_and_the_steps_are_spoken_next_time(handler, ddb):
    from tools.audio_envelopes import playback_failed

    echo = Echo(handler)
    stream = echo.start()
    echo.report("Started", stream)
    (retry,) = plays(echo.event(playback_failed(stream["token"], 15_000)))
    assert segment_of(retry) == "opening" and retry["offsetInMilliseconds"] == 15_000
    assert retry["playBehavior"] == "REPLACE_ALL" and retry["token"].split(".")[4] == "1", "the second attempt"
    (notice,) = plays(echo.event(playback_failed(retry["token"], 15_000)))
    assert notice["token"].startswith("sc1.notice.trouble.") and fetch(notice["url"])
    assert _place(ddb, echo)["audioFailed"] is True
    assert plays(echo.event(playback_failed(notice["token"]))) == [], "the apology failing too: nothing more"
    echo.state = None
    reply = echo.say("ResumeReflectionIntent")
    assert directive_types(reply.raw) == [] and not reply.ends_session, "spoken, as on a device without audio"
    assert reply.text.startswith("Last time the audio didn't play properly") and "Welcome" in reply.text
    assert 'say "next"' in reply.text.lower() or "next" in reply.reprompt


def test_a_device_without_an_audio_player_hears_todays_spoken_steps(talk):
    reply = talk.intent("StartReflectionIntent")
    assert not reply.directives and not reply.ends_session and "next" in reply.text
    assert talk.intent("AMAZON.NextIntent").text.startswith("Let's begin with a simple question")


def test_audio_that_was_never_rendered_is_spoken_instead(handler, dynamodb, audio_bucket, speech):
    from safe_connections import audio

    from tools import local_audio

    key = audio.item_key(audio.segment_ssml(speech, "en-AU", "short", 0), audio.voice_for("en-AU"))
    local_audio.client(dynamodb, "s3").delete_object(Bucket=audio_bucket, Key=key)
    try:
        reply = Echo(handler, locale="en-AU").say("StartShortReflectionIntent")
        assert directive_types(reply.raw) == [] and not reply.ends_session and "next" in reply.text
    finally:
        local_audio.prepare(dynamodb, audio_bucket, ["en-AU"])
    assert plays(Echo(handler, locale="en-AU").say("StartShortReflectionIntent").raw)


def test_each_locale_hears_its_own_voice_and_en_ca_shares_the_us_files(handler):
    urls = {locale: Echo(handler, locale=locale).start()["url"].split("?")[0]
            for locale in ("en-US", "en-CA", "en-GB", "en-AU", "en-IN")}
    assert urls["en-US"] == urls["en-CA"]
    assert len({urls[locale] for locale in ("en-US", "en-GB", "en-AU", "en-IN")}) == 4


def test_a_recognised_speaker_keeps_their_own_place_though_events_carry_no_speaker(handler, ddb):
    echo = Echo(handler, person="amzn1.ask.person.maya")
    stream = echo.start()
    echo.report("Stopped", stream, 9_000)
    items = {i["sk"]["S"]: i for i in items_of(ddb, echo.device.user_id)}
    maya = UserRef(echo.device.user_id, "amzn1.ask.person.maya").sk("profile")
    assert items[maya]["reflection"]["M"]["offsetMs"]["N"] == "9000"
    assert UserRef(echo.device.user_id).sk("profile") not in items, "nothing in the unrecognised voice's profile"


def test_a_forged_token_cannot_reach_another_account(handler, ddb):
    victim = Conversation(handler, Device())
    victim.launch()
    before = items_of(ddb, victim.device.user_id)
    echo = Echo(handler)
    scope = UserRef(victim.device.user_id).scope.split("#")[1]
    echo.report("Stopped", {"token": f"sc1.full.step4.{scope}.0.abc"}, 5_000)
    assert items_of(ddb, victim.device.user_id) == before


# -- what is personal --------------------------------------------------------------------------------


def test_distress_while_it_plays_stops_the_audio_and_grounds_then_continue_goes_back_to_that_part(handler, ddb):
    echo = Echo(handler)
    stream = echo.start()
    echo.playing(stream)
    (step4,) = plays(echo.say("GoToStepIntent", slot("number", "4", slot_type="AMAZON.NUMBER")).raw)
    echo.playing(step4, 30_000)
    reply = echo.say("FeelingOverwhelmedIntent")
    assert "AudioPlayer.Stop" in directive_types(reply.raw), "the audio stops at once"
    assert reply.text.startswith("I've paused the reflection") and "feet on the floor" in reply.text
    assert not reply.ends_session and "continue" in reply.reprompt
    echo.report("Stopped", step4, 30_000)
    echo.playing(step4, 30_000, "STOPPED")
    assert _place(ddb, echo)["id"] == "step4"
    again = echo.say("AMAZON.ResumeIntent", new_session=False)
    (resumed,) = plays(again.raw)
    assert segment_of(resumed) == "step4" and resumed["offsetInMilliseconds"] == 0, "gently, from the part's start"
    assert "start of" in again.text and again.ends_session


def test_crisis_words_while_it_plays_stop_the_audio_and_the_crisis_answer_wins(handler):
    echo = Echo(handler)
    stream = echo.start()
    echo.playing(stream, 12_000)
    reply = echo.say("CrisisIntent")
    assert "AudioPlayer.Stop" in directive_types(reply.raw)
    assert "9 8 8" in reply.text and not reply.ends_session
    assert not plays(reply.raw)


def test_a_question_while_it_plays_stops_the_audio_so_it_never_talks_over_the_answer(handler):
    echo = Echo(handler)
    stream = echo.start()
    echo.playing(stream, 12_000)
    reply = echo.say("AMAZON.HelpIntent")
    assert not reply.ends_session and directive_types(reply.raw) == ["AudioPlayer.Stop"]


def test_the_audio_never_speaks_the_kept_name_even_with_private_mode_off(handler, speech):
    from safe_connections import audio

    echo = Echo(handler)
    stream = echo.start()
    echo.playing(stream)
    (step1,) = plays(echo.say("GoToStepIntent", slot("number", "1", slot_type="AMAZON.NUMBER")).raw)
    echo.playing(step1, 70_000)
    offer = echo.say("RememberSafePersonIntent", name("Maya"))
    assert "AudioPlayer.Stop" in directive_types(offer.raw) and "remember Maya" in offer.text
    kept = echo.say("AMAZON.YesIntent", new_session=False)
    assert "I'll remember Maya" in kept.text
    echo.state = None
    reply = echo.say("GoToStepIntent", slot("number", "4", slot_type="AMAZON.NUMBER"))
    (step4,) = plays(reply.raw)
    # One file for everyone: the name cannot be in it, and the sentence before it holds none either.
    ssml = audio.segment_ssml(speech, "en-US", "full", 5)
    assert "Maya" not in ssml and "Maya" not in reply.text
    assert audio.item_key(ssml, audio.voice_for("en-US")) in step4["url"]


def test_after_naming_someone_next_goes_on_with_the_audio(handler):
    echo = Echo(handler)
    stream = echo.start()
    echo.playing(stream)
    (step1,) = plays(echo.say("GoToStepIntent", slot("number", "1", slot_type="AMAZON.NUMBER")).raw)
    echo.playing(step1, 70_000)
    echo.say("RememberSafePersonIntent", name("Sam"))
    echo.report("Stopped", step1, 70_000)
    echo.playing(step1, 70_000, "STOPPED")
    echo.say("AMAZON.NoIntent", new_session=False)
    (step2,) = plays(echo.say("AMAZON.NextIntent", new_session=False).raw)
    assert segment_of(step2) == "step2"


def test_when_dynamodb_is_down_the_audio_plays_on_and_events_stay_silent():
    import time

    import boto3
    from botocore.config import Config
    from safe_connections import app
    from safe_connections.config import load_config
    from safe_connections.store import CLIENT_TIMEOUTS, Store

    dead = boto3.client("dynamodb", endpoint_url="http://127.0.0.1:9", config=Config(**CLIENT_TIMEOUTS))
    skill = app.build_skill(load_config(), store=Store(os.environ["TABLE_NAME"], client=dead))
    echo = Echo(lambda event, context: app.handle_event(event, context, skill=skill))
    stream = echo.start()
    for kind in ("Started", "Stopped", "Finished"):
        began = time.monotonic()
        assert echo.report(kind, stream, 2_000)["response"] == {}, kind
        assert time.monotonic() - began < 5
    (following,) = plays(echo.report("NearlyFinished", stream, 2_000))
    assert segment_of(following) == "question", "the next segment needs no database"
