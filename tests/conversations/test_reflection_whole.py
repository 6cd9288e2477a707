"""A person says "start the reflection" and hears it through to the end, moving around in it by voice."""

from __future__ import annotations

import pytest

from tests.conftest import items_of
from tests.ssml import check_ssml
from tools.envelopes import slot

HEADINGS = ["Step one", "Step two", "Step three", "Step four", "Step five", "Step six", "Step seven"]
# One idea of the article per step, as the listener hears it.
STEP_IDEAS = [
    "Safe doesn't mean perfect. It means consistent, kind, and respectful of your boundaries.",
    "evidence that it's okay to be seen",
    "Connection is a human need, not a flaw.",
    "Supportive relationships take intention, not perfection.",
    "A trauma-informed therapist can help you",
    "write down what felt safe, and what didn't",
    "Being someone else's safe space, within your limits, can also be healing.",
]
OPENING_QUESTION = ["Who makes you feel safe?", "Who listens to you without rushing in to fix things?",
                    "Who takes your feelings seriously, without needing proof?"]
INVITES_NEXT = ('say "next".', 'say "next" when you\'d like to go on.')


def _step(step: int) -> dict:
    return slot("number", str(step), slot_type="AMAZON.NUMBER")


def _named(name: str, step_id: str) -> dict:
    return slot("stepName", name, slot_type="REFLECTION_STEP", match_id=step_id)


def test_a_new_user_hears_the_whole_reflection_saying_next_to_the_end(talk, ddb):
    talk.launch()
    replies = [talk.intent("StartReflectionIntent")]
    while not replies[-1].ends_session:
        assert len(replies) < 20, "the reflection never ended"
        replies.append(talk.intent("AMAZON.NextIntent"))
    heard = " ".join(reply.text for reply in replies)
    assert len(replies) == 10
    assert "about ten minutes" in replies[0].text and "pause" in replies[0].text and "stop" in replies[0].text
    assert "eyes open or closed" in replies[0].text and "feet resting on the floor" in replies[0].text
    for reply in replies[:-1]:
        check_ssml(reply.ssml)
        check_ssml(reply.reprompt_ssml)
        assert reply.text.lower().endswith(INVITES_NEXT), reply.text[-60:]
        assert "next" in reply.reprompt and len(reply.reprompt) < 90
    for phrase in OPENING_QUESTION + HEADINGS + STEP_IDEAS:
        assert phrase in heard, phrase
    assert [h for h in HEADINGS if h in heard] == HEADINGS
    assert heard.index("Step one") < heard.index("Step seven") < heard.index("end of this reflection")
    assert "end of this reflection" in replies[-1].text and "next" not in replies[-1].text
    profile = items_of(ddb, talk.device.user_id)[0]
    assert "reflection" not in profile and "safePerson" not in profile


def test_each_step_and_the_opening_question_are_said_in_order_in_their_own_turn(talk):
    talk.intent("StartReflectionIntent")
    question = talk.intent("AMAZON.NextIntent")
    assert all(phrase in question.text for phrase in OPENING_QUESTION)
    for heading, idea in zip(HEADINGS, STEP_IDEAS, strict=True):
        reply = talk.intent("AMAZON.NextIntent")
        assert reply.text.startswith(heading) and idea in reply.text


def test_repeat_says_the_same_part_again(talk):
    talk.intent("StartReflectionIntent")
    talk.intent("AMAZON.NextIntent")
    first = talk.intent("AMAZON.NextIntent")
    again = talk.intent("AMAZON.RepeatIntent")
    assert first.text.startswith("Step one") and again.text.startswith("Step one")
    assert again.text[:300] == first.text[:300]
    assert talk.intent("AMAZON.NextIntent").text.startswith("Step two")


def test_go_back_returns_to_the_part_before(talk):
    talk.intent("StartReflectionIntent")
    for _ in range(3):
        talk.intent("AMAZON.NextIntent")
    assert talk.last.text.startswith("Step two")
    assert talk.intent("AMAZON.PreviousIntent").text.startswith("Step one")
    assert talk.intent("AMAZON.NextIntent").text.startswith("Step two")


def test_go_back_at_the_very_beginning_says_so_and_stays_there(talk):
    opening = talk.intent("StartReflectionIntent")
    back = talk.intent("AMAZON.PreviousIntent")
    assert back.text.startswith("We're at the very beginning")
    assert "guided reflection on the people who help you feel safe" in back.text and not back.ends_session
    assert "Step" not in opening.text


def test_start_over_goes_back_to_the_opening(talk):
    talk.intent("StartReflectionIntent")
    for _ in range(4):
        talk.intent("AMAZON.NextIntent")
    assert talk.last.text.startswith("Step three")
    reply = talk.intent("AMAZON.StartOverIntent")
    assert "beginning" in reply.text.split(".")[0] or "from the beginning" in reply.text
    assert "guided reflection on the people who help you feel safe" in reply.text
    assert talk.intent("AMAZON.NextIntent").text.startswith("Let's begin with a simple question")


@pytest.mark.parametrize(("step", "heading"), [(1, "Step one"), (5, "Step five"), (7, "Step seven")])
def test_skip_to_a_step_by_number(talk, step, heading):
    talk.intent("StartReflectionIntent")
    reply = talk.intent("GoToStepIntent", _step(step))
    assert reply.text.startswith(heading) and not reply.ends_session
    following = talk.intent("AMAZON.NextIntent")
    assert following.ends_session if step == 7 else following.text.startswith(HEADINGS[step])


@pytest.mark.parametrize(("name", "step_id", "start"), [
    ("journal", "6", "Step six"), ("micro sharing", "2", "Step two"), ("the therapist", "5", "Step five"),
    ("opening question", "opening", "Welcome."), ("closing", "closing", "We've come to the end"),
])
def test_skip_to_a_step_by_name(talk, name, step_id, start):
    talk.intent("StartReflectionIntent")
    talk.intent("AMAZON.NextIntent")
    assert talk.intent("GoToStepIntent", _named(name, step_id)).text.startswith(start)


def test_take_me_to_the_journal_step_works_before_any_reflection_has_started(talk):
    talk.launch()
    reply = talk.intent("GoToStepIntent", _named("journal", "6"))
    assert reply.text.startswith("Step six") and reply.attributes["state"] == "reflecting"


@pytest.mark.parametrize("value", ["12", "0", "?"])
def test_a_step_that_does_not_exist_is_explained_and_the_place_is_kept(talk, value):
    talk.intent("StartReflectionIntent")
    talk.intent("AMAZON.NextIntent")
    talk.intent("AMAZON.NextIntent")
    reply = talk.intent("GoToStepIntent", slot("number", value, slot_type="AMAZON.NUMBER"))
    assert "seven steps" in reply.text and not reply.ends_session and reply.reprompt
    assert talk.intent("AMAZON.NextIntent").text.startswith("Step two")


def test_in_the_short_version_a_step_it_skips_continues_in_the_full_one(talk):
    talk.intent("StartShortReflectionIntent")
    reply = talk.intent("GoToStepIntent", _step(2))
    assert "full reflection" in reply.text and "Step two" in reply.text
    assert talk.intent("AMAZON.NextIntent").text.startswith("Step three")


def test_help_inside_the_reflection_explains_how_to_move_around_and_keeps_the_place(talk):
    talk.intent("StartReflectionIntent")
    talk.intent("GoToStepIntent", _step(3))
    reply = talk.intent("AMAZON.HelpIntent")
    for word in ("step three", '"next"', '"go back"', '"repeat"', '"start over"', '"pause"', "save your place"):
        assert word in reply.text, word
    assert not reply.ends_session and reply.attributes["state"] == "reflecting"
    assert talk.intent("AMAZON.NextIntent").text.startswith("Step four")


def test_yes_means_ready_and_no_means_not_yet(talk):
    talk.intent("StartReflectionIntent")
    not_yet = talk.intent("AMAZON.NoIntent")
    assert "no rush" in not_yet.text.lower() or "all the time" in not_yet.text
    assert talk.intent("AMAZON.YesIntent").text.startswith("Let's begin with a simple question")


def test_something_unexpected_inside_the_reflection_keeps_the_place(talk):
    talk.intent("StartReflectionIntent")
    talk.intent("AMAZON.NextIntent")
    reply = talk.intent("AMAZON.FallbackIntent")
    assert '"next"' in reply.text and "counter-belief" not in reply.text and not reply.ends_session
    assert talk.intent("AMAZON.NextIntent").text.startswith("Step one")


def test_the_short_reflection_is_the_opening_question_and_three_steps_about_people(talk):
    replies = [talk.intent("StartShortReflectionIntent")]
    while not replies[-1].ends_session:
        assert len(replies) < 10
        replies.append(talk.intent("AMAZON.NextIntent"))
    heard = " ".join(reply.text for reply in replies)
    assert len(replies) == 5
    assert "about three minutes" in replies[0].text and "Who makes you feel safe?" in replies[0].text
    for phrase in ("one safe person", "nourishing a connection", "giving support"):
        assert phrase in heard
    assert "micro-sharing" not in heard and "journal" not in heard
