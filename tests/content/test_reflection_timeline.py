"""The guided reflection's timing, from the SSML each response carries: words at a stated rate plus breaks.

Full: 10 min +/- 30 s. Short: 3 min +/- 30 s. Every response valid SSML, well under Alexa's limits.
"""

from __future__ import annotations

import re

import pytest
from safe_connections.speech import clip

from tests.ssml import check_ssml
from tools import reflection_timeline as timeline
from tools.build_models import locales

HOSTILE_NAMES = [None, "Maya", "Maya & Sam <3", "</speak><break time='60s'/>", "x" * 300]
MAX_SEGMENT_SECONDS = 120
MAX_RESPONSE_CHARS = 4000  # "well under" Alexa's 8,000


def test_the_calculation_counts_words_at_the_stated_rate_scaled_by_prosody_plus_breaks():
    timing = timeline.time_ssml("x", '<speak>one two three <break time="2s"/>'
                                     '<prosody rate="50%">four five <break time="500ms"/></prosody> six</speak>')
    per_word = 60 / timeline.WORDS_PER_MINUTE
    assert timing.words == 6
    assert timing.pause_seconds == pytest.approx(2.5)
    assert timing.speech_seconds == pytest.approx(4 * per_word + 2 * per_word * 2)
    assert timing.longest_break == 2


def test_the_full_reflection_lasts_ten_minutes_give_or_take_thirty_seconds():
    total = sum(t.seconds for t in timeline.timeline("full"))
    assert 570 <= total <= 630, f"full reflection is {total:.0f} s"


def test_the_short_reflection_lasts_three_minutes_give_or_take_thirty_seconds():
    total = sum(t.seconds for t in timeline.timeline("short"))
    assert 150 <= total <= 210, f"short reflection is {total:.0f} s"


def test_both_versions_hold_at_a_faster_voice_too():
    """Alexa's voice may run faster than 150 words a minute: espeak-ng set to 150 spoke this script 14 % faster."""
    for version, low in (("full", 570), ("short", 150)):
        timings = timeline.timeline(version)
        faster = sum(t.speech_seconds / 1.14 + t.pause_seconds for t in timings)
        assert faster >= low, f"{version} would be {faster:.0f} s at a 14 % faster voice"


@pytest.mark.parametrize("locale", locales())
@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=["no-name", "plain", "ampersand", "tag", "long"])
@pytest.mark.parametrize("version", ["full", "short"])
def test_every_response_is_valid_ssml_well_within_limits(version, name, locale):
    speech = timeline.speech_for_timing()
    for segment_id, ssml in timeline.responses(speech, version, locale, safe_person=name):
        root = check_ssml(ssml)
        timing = timeline.time_ssml(segment_id, ssml)
        assert timing.chars <= MAX_RESPONSE_CHARS, segment_id
        assert timing.seconds <= MAX_SEGMENT_SECONDS, f"{segment_id} lasts {timing.seconds:.0f} s"
        assert timing.longest_break <= 10, segment_id
        heard = "".join(root.itertext())
        if name and segment_id in ("step4", "short_step4"):
            assert clip(name) in heard, "the kept name is spoken as text, escaped and clipped"
        assert "x" * 260 not in heard


def test_every_segment_but_the_closing_leaves_quiet_time_to_think():
    for version in ("full", "short"):
        for timing in timeline.timeline(version)[:-1]:
            assert timing.pause_seconds >= 15, f"{timing.name} has only {timing.pause_seconds} s of quiet"


def test_no_two_silences_run_together_without_a_spoken_cue_between():
    """Long silences are broken by a gentle spoken cue, never stacked into one long gap."""
    speech = timeline.speech_for_timing()
    stacked = re.compile(r"<break[^>]*/>\s*(?:</?prosody[^>]*>\s*)*<break")
    for version in ("full", "short"):
        for segment_id, ssml in timeline.responses(speech, version):
            assert not stacked.search(ssml), segment_id


def test_the_versions_hold_the_opening_the_steps_and_the_closing():
    from safe_connections import reflection_script

    script = reflection_script.load(timeline.speech_for_timing(), "en-US")
    assert [s.step for s in script.segments("full")] == [0, 0, 1, 2, 3, 4, 5, 6, 7, 8]
    assert [s.step for s in script.segments("short")] == [0, 1, 4, 7, 8]


def test_the_grounding_minute_is_about_a_minute():
    timing = timeline.grounding()
    assert 50 <= timing.seconds <= 90, f"grounding lasts {timing.seconds:.0f} s"
    assert timing.longest_break <= 10


def test_the_script_prints_seconds_per_segment_and_the_total(capsys):
    assert timeline.main() == 0
    printed = capsys.readouterr().out
    for name in ("opening", "question", "step1", "step7", "closing", "short_step4", "grounding minute"):
        assert name in printed
    assert re.search(r"total .* = 10 min", printed) or re.search(r"total .* = 9 min", printed)
    assert re.search(r"total .* = [23] min", printed)
