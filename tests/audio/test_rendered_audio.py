"""What Polly renders: the audio wording of the same script, SSML its neural engine accepts, files named by
their content, and a render that uploads only what is missing."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from safe_connections import audio
from safe_connections.speech import Speech

from tests.ssml import break_seconds
from tools import local_audio, render_audio
from tools.build_models import locales

# Polly's neural voices: <break>, <lang>, <mark>, <p>, <phoneme>, <prosody> (volume and rate, not pitch),
# <s>, <say-as> (partly), <speak>, <sub>, <w>, <amazon:effect name="drc"> (docs: supportedtags.html).
NEURAL_TAGS = {"speak", "break", "lang", "mark", "p", "phoneme", "prosody", "s", "sub", "w"}
WAKE_WORDS = re.compile(r"\b(alexa|amazon|echo|computer|ziggy)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def every_rendition(speech):
    return audio.renditions(speech, locales())


def test_every_file_is_ssml_polly_neural_speaks_within_its_limits(every_rendition):
    for rendition in every_rendition:
        root = ET.fromstring(rendition.ssml)
        assert root.tag == "speak"
        for element in root.iter():
            assert element.tag in NEURAL_TAGS, f"{rendition.item}: <{element.tag}> is not for neural voices"
            if element.tag == "prosody":
                assert set(element.attrib) <= {"rate", "volume"}, f"{rendition.item}: neural has no pitch"
            if element.tag == "break":
                assert break_seconds(element.attrib["time"]) <= 10, rendition.item
        billed = "".join(root.itertext())
        assert len(billed) <= 3000 and len(rendition.ssml) <= 6000, f"{rendition.item}: over SynthesizeSpeech's limits"


def test_the_audio_asks_for_no_next_and_never_says_a_wake_word(every_rendition):
    for rendition in every_rendition:
        heard = "".join(ET.fromstring(rendition.ssml).itertext())
        assert not re.search(r'say\W+"?next|"next"', heard, re.IGNORECASE), f"{rendition.item} asks for next"
        assert not WAKE_WORDS.search(heard), f"{rendition.item}: other Echo devices would wake up"


def test_the_audio_wording_holds_no_name_whatever_is_kept(speech):
    from safe_connections import reflection_script

    script = reflection_script.load(speech, "en-US")
    for segment in script.segments("full") + script.segments("short"):
        rendered = str(reflection_script.render(speech, "en-US", segment, safe_person="Maya", audio=True))
        assert "Maya" not in rendered, segment.id
        if segment.asks_name:
            assert "it's my friend Sam" in rendered.replace("&#39;", "'"), "the offer is made to everyone"


def test_segments_are_joined_by_a_settling_moment_and_no_two_silences_run_together(every_rendition):
    stacked = re.compile(r"<break[^>]*/>\s*(?:</?prosody[^>]*>\s*)*<break")
    for rendition in every_rendition:
        assert not stacked.search(rendition.ssml), rendition.item
    closings = [r for r in every_rendition if r.item in ("closing", "short_closing")]
    assert closings and all("settle" not in r.ssml and "slow breath" not in r.ssml for r in closings)


def test_a_file_is_named_by_what_shapes_its_sound():
    ssml, voice = "<speak>Hello.</speak>", audio.voice_for("en-GB")
    assert audio.item_key(ssml, voice) == audio.item_key(ssml, audio.Voice("Amy", "en-GB"))
    assert audio.item_key(ssml, voice) != audio.item_key("<speak>Hello!</speak>", voice)
    assert audio.item_key(ssml, voice) != audio.item_key(ssml, audio.voice_for("en-US"))
    assert audio.item_key(ssml, voice) != audio.item_key(ssml, audio.Voice("Amy", "en-GB", "standard"))
    assert re.fullmatch(r"reflection/[0-9a-f]{40}\.mp3", audio.item_key(ssml, voice))


def test_every_locale_has_a_neural_voice_and_en_ca_borrows_the_us_one():
    assert set(audio.VOICES) == set(locales())
    assert audio.voice_for("en-CA") == audio.voice_for("en-US")
    assert {v.engine for v in audio.VOICES.values()} == {"neural"}


def test_rendering_again_uploads_nothing_and_a_changed_sentence_renders_only_its_segment(dynamodb, tmp_path):
    bucket = local_audio.create_bucket(dynamodb, "render-test-audio")
    s3, polly = local_audio.client(dynamodb, "s3"), local_audio.client(dynamodb, "polly")
    first = render_audio.render(bucket, s3, polly, locales=["en-GB"], out=lambda _: None)
    assert len(first.rendered) == 16 and not first.present  # 10 + 5 segments and the apology
    again = render_audio.render(bucket, s3, polly, locales=["en-GB"], out=lambda _: None)
    assert not again.rendered and len(again.present) == 16
    content = tmp_path / "content"
    shutil.copytree(render_audio.CONTENT, content)
    script = content / "en" / "data" / "reflection.yaml"
    script.write_text(script.read_text().replace("Who makes you feel safe?\n", "Who helps you feel safe?\n", 1))
    changed = render_audio.render(bucket, s3, polly, locales=["en-GB"], content=content, out=lambda _: None)
    assert [r.item for r in changed.rendered] == ["question"]
    pruned = render_audio.render(bucket, s3, polly, locales=["en-GB"], content=content, prune=True,
                                 out=lambda _: None)
    assert len(pruned.pruned) == 1 and not pruned.rendered, "the old question is gone"
    head = s3.head_object(Bucket=bucket, Key=changed.rendered[0].key)
    assert head["ContentType"] == "audio/mpeg" and head["ServerSideEncryption"] == "AES256"


def test_the_renderer_refuses_a_voice_the_region_does_not_offer(dynamodb):
    polly = local_audio.client(dynamodb, "polly")
    bogus = audio.Rendition("en-US", "full", "opening", "<speak>x</speak>", audio.Voice("Nobody", "en-US"))
    with pytest.raises(SystemExit, match="no neural voice Nobody"):
        render_audio.check_voices(polly, [bogus])


def test_the_command_line_renders_into_a_named_bucket(dynamodb, monkeypatch, capsys):
    bucket = local_audio.create_bucket(dynamodb, "render-cli-audio")
    for name, value in local_audio.env(dynamodb, bucket).items():
        monkeypatch.setenv(name, value)
    assert render_audio.main(["--bucket", bucket, "--locale", "en-AU", "--dry-run"]) == 0
    assert "would render 16, already there 0" in capsys.readouterr().out
    assert render_audio.main(["--bucket", bucket, "--locale", "en-AU"]) == 0
    assert render_audio.main(["--bucket", bucket, "--locale", "en-AU"]) == 0
    assert "rendered 0, already there 16" in capsys.readouterr().out.splitlines()[-1]


def test_speech_for_the_audio_is_the_same_script(speech: Speech):
    from safe_connections import reflection_script

    script = reflection_script.load(speech, "en-US")
    for version in reflection_script.VERSIONS:
        for index, segment in enumerate(script.segments(version)):
            spoken = str(reflection_script.render(speech, "en-US", segment, name_kept=True))
            heard = audio.segment_ssml(speech, "en-US", version, index)
            first_sentence = spoken.split(".")[0].replace("<prosody rate=\"90%\">", "").strip()
            assert first_sentence[:30] in heard, segment.id
