"""What the user reads: speech without tags, pauses shown, one line per card and directive."""

from __future__ import annotations

from tools.simulator.transcript import Speaker, readable, reply_lines, response_problems, ssml_for_espeak


def test_speech_reads_as_text_with_pauses_shown():
    ssml = ('<speak>Breathe in. <break time="5s"/> And out.<break time="300ms"/> '
            '<emphasis level="moderate">Me &amp; my brother &lt;3</emphasis>, '
            '<sub alias="Doctor">Dr.</sub> <amazon:effect name="whispered">gently</amazon:effect>'
            '<break strength="strong"/></speak>')
    assert readable(ssml) == ("Breathe in. [pause 5s] And out. [pause 0.3s] Me & my brother <3, Doctor gently "
                              "[pause]")


def test_a_response_is_speech_reprompt_card_directives_and_whether_alexa_listens():
    response = {"response": {
        "outputSpeech": {"type": "SSML", "ssml": "<speak>Saved.</speak>"},
        "reprompt": {"outputSpeech": {"type": "SSML", "ssml": "<speak>Anything else?</speak>"}},
        "card": {"type": "Simple", "title": "Your journal", "content": "Maya: safe\nSam: mixed"},
        "directives": [{"type": "Dialog.ElicitSlot", "slotToElicit": "note"}],
        "shouldEndSession": False,
    }}
    assert reply_lines(response) == [
        "alexa> Saved.",
        "  reprompt: Anything else?",
        "  card (Simple): Your journal | Maya: safe Sam: mixed",
        '  directive: Dialog.ElicitSlot {"slotToElicit":"note"}',
        "  (session stays open: Alexa is listening)",
    ]
    ended = {"response": {"outputSpeech": {"type": "SSML", "ssml": "<speak>Bye.</speak>"}, "shouldEndSession": True}}
    assert reply_lines(ended) == ["alexa> Bye.", "(session ended)"]


def test_what_alexa_would_refuse_is_a_problem():
    def problems(ssml: str, **body) -> list[str]:
        return response_problems({"response": {"outputSpeech": {"type": "SSML", "ssml": ssml}, **body}})

    assert problems("<speak>Fine.</speak>", shouldEndSession=True) == []
    assert any("12s break" in p for p in problems('<speak>Wait <break time="12s"/></speak>', shouldEndSession=True))
    assert any("not well-formed" in p for p in problems("<speak>me & you</speak>", shouldEndSession=True))
    assert any("8000" in p for p in problems("<speak>" + "a" * 8001 + "</speak>", shouldEndSession=True))
    assert problems("<speak>Which one?</speak>", shouldEndSession=False) == [
        "the session stays open without a reprompt"]


def test_espeak_gets_breaks_and_plain_words_but_not_alexas_own_tags():
    ssml = '<speak>Hi <break time="2s"/><amazon:emotion name="excited">there</amazon:emotion><audio src="x"/></speak>'
    assert ssml_for_espeak(ssml) == '<speak>Hi <break time="2s"/> there  </speak>'


def test_speak_without_espeak_says_so_once_and_carries_on(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    notes: list[str] = []
    speaker = Speaker("en-US", notes.append)
    speaker.speak("<speak>Hello</speak>")
    assert len(notes) == 1 and "espeak-ng is not installed" in notes[0]


def test_speak_hands_espeak_the_ssml_with_its_breaks_and_stops_trying_when_there_is_no_sound(monkeypatch, tmp_path):
    calls = tmp_path / "calls.txt"
    fake = tmp_path / "espeak-ng"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {calls}\n[ -e {tmp_path}/mute ] && echo "error: no card" >&2\nexit 0\n')
    fake.chmod(0o755)
    monkeypatch.setattr("shutil.which", lambda name: str(fake))
    notes: list[str] = []
    speaker = Speaker("en-GB", notes.append)
    speaker.speak('<speak>Breathe <break time="3s"/> out</speak>')
    assert calls.read_text().strip() == '-m -v en-gb <speak>Breathe <break time="3s"/> out</speak>' and not notes
    (tmp_path / "mute").touch()
    speaker.speak("<speak>Hello</speak>")
    speaker.speak("<speak>Again</speak>")
    assert len(notes) == 1 and "could not play sound" in notes[0] and "Again" not in calls.read_text()
