"""The rendered reflection's length, measured: every segment spoken by espeak-ng from the very SSML Polly
renders (breaks and prosody rates honoured, 150 words a minute as the timeline assumes for Alexa's voice),
measured with sox, played back to back as the Echo plays them. Full: 10 min +/- 30 s. Short: 3 min +/- 30 s.
Run with -s to print the seconds per segment (README)."""

from __future__ import annotations

import shutil

import pytest
from safe_connections import audio, reflection_script

from tools import render_audio

RANGES = {"full": (570, 630), "short": (150, 210)}


@pytest.fixture(scope="module")
def measured(speech, tmp_path_factory) -> dict[str, dict[str, list[tuple[str, float]]]]:
    missing = [tool for tool in ("espeak-ng", "soxi") if not shutil.which(tool)]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: `make test` installs espeak-ng and sox (apt-get, as root)")
    folder = tmp_path_factory.mktemp("espeak")
    found: dict[str, dict[str, list[tuple[str, float]]]] = {}
    for locale in ("en-US", "en-GB"):
        script = reflection_script.load(speech, locale)
        found[locale] = {
            version: [(segment.id, render_audio.wav_seconds(render_audio.espeak_wav(
                audio.segment_ssml(speech, locale, version, index), locale, folder)))
                for index, segment in enumerate(script.segments(version))]
            for version in reflection_script.VERSIONS
        }
    return found


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
@pytest.mark.parametrize("version", ["full", "short"])
def test_the_rendered_reflection_lasts_what_it_promises(measured, locale, version):
    low, high = RANGES[version]
    total = sum(seconds for _, seconds in measured[locale][version])
    assert low <= total <= high, f"{version} ({locale}) lasts {total:.0f} s"


def test_no_segment_runs_on_too_long_and_each_leaves_quiet_time(measured):
    for version, segments in measured["en-US"].items():
        for segment_id, seconds in segments:
            assert 15 <= seconds <= 120, f"{version}/{segment_id}: {seconds:.0f} s"


def test_print_the_measured_lengths(measured):
    for locale, versions in measured.items():
        for version, segments in versions.items():
            total = sum(seconds for _, seconds in segments)
            print(f"\n{version} ({locale}, espeak-ng at {render_audio.ESPEAK_WORDS_PER_MINUTE} wpm): "
                  f"{int(total // 60)} min {total % 60:.1f} s = {total:.1f} s")
            print("  " + ", ".join(f"{segment_id} {seconds:.1f}" for segment_id, seconds in segments))
