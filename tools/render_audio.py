"""Renders the guided reflection as audio with Amazon Polly and uploads what is missing to the skill's bucket.

  make audio STACK=safe-connections                     # the bucket from the stack's AudioBucketName output
  python -m tools.render_audio --stack safe-connections
  python -m tools.render_audio --bucket <name> [--locale en-GB ...] [--dry-run] [--prune]

Run it after every `sam deploy` that changed the words (and once after the first): it is idempotent. Each
file is named by a digest of its SSML, voice, engine and format (safe_connections.audio.item_key), so a
HeadObject says what is already there and only what is missing is synthesized and uploaded; change a
sentence and only that segment is rendered again. `--prune` deletes files no current rendition names.
It needs, for the credentials you deploy with: polly:DescribeVoices, polly:SynthesizeSpeech, and on the
bucket s3:ListBucket, s3:GetObject, s3:PutObject (s3:DeleteObject for --prune).

The skill itself never calls Polly: until the files are there, the reflection is spoken as before.

Offline, `espeak_wav` renders the same SSML with espeak-ng (the simulator's --speak, and the test that
holds the reflection's length); `wav_seconds` measures a file with sox.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "lambda") not in sys.path:
    sys.path.insert(0, str(ROOT / "lambda"))

from safe_connections import audio  # noqa: E402
from safe_connections.speech import Speech  # noqa: E402

CONTENT = ROOT / "content"
ESPEAK_WORDS_PER_MINUTE = 150  # as tools/reflection_timeline.py assumes for Alexa's voice


@dataclass
class Report:
    rendered: list[audio.Rendition] = field(default_factory=list)
    present: list[audio.Rendition] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)


def all_locales() -> list[str]:
    from tools.build_models import locales

    return locales()


def unique(renditions: list[audio.Rendition]) -> list[audio.Rendition]:
    """One rendition per file: en-CA and en-US speak with one voice, so they share their files."""
    seen: dict[str, audio.Rendition] = {}
    for rendition in renditions:
        seen.setdefault(rendition.key, rendition)
    return list(seen.values())


def check_voices(polly: Any, renditions: list[audio.Rendition]) -> None:
    """Every voice exists in this region with its engine: a clear error before anything is rendered."""
    for voice in {r.voice for r in renditions}:
        offered = polly.describe_voices(Engine=voice.engine, LanguageCode=voice.language_code).get("Voices", [])
        if voice.voice_id not in {v["Id"] for v in offered}:
            raise SystemExit(f"Polly offers no {voice.engine} voice {voice.voice_id} for {voice.language_code} "
                             "in this region; deploy to a region that has it, or change safe_connections.audio.VOICES")


def _exists(s3: Any, bucket: str, key: str) -> bool:
    from botocore.exceptions import ClientError

    try:
        s3.head_object(Bucket=bucket, Key=key)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code")
        if code in ("404", "NoSuchKey", "NotFound"):
            return False
        raise SystemExit(f"cannot read s3://{bucket}/{key} ({code}): these credentials need s3:GetObject and "
                         "s3:ListBucket on the bucket") from error
    return True


def synthesize(polly: Any, rendition: audio.Rendition) -> bytes:
    voice = rendition.voice
    response = polly.synthesize_speech(
        Engine=voice.engine, VoiceId=voice.voice_id, LanguageCode=voice.language_code, TextType="ssml",
        Text=rendition.ssml, OutputFormat=audio.OUTPUT_FORMAT, SampleRate=audio.SAMPLE_RATE)
    return response["AudioStream"].read()


def render(bucket: str, s3: Any, polly: Any, *, locales: list[str] | None = None, dry_run: bool = False,
           prune: bool = False, content: Path = CONTENT, out: Callable[[str], None] = print) -> Report:
    """Synthesizes and uploads every missing file; with `prune`, deletes files nothing names any more."""
    from tools.compile_content import ensure_current

    speech = Speech(ensure_current(content))  # what the function reads: content compiled
    wanted = unique(audio.renditions(speech, locales or all_locales()))
    check_voices(polly, wanted)
    report = Report()
    for rendition in wanted:
        if _exists(s3, bucket, rendition.key):
            report.present.append(rendition)
            continue
        report.rendered.append(rendition)
        out(f"  render {rendition.locale} {rendition.version}/{rendition.item} ({rendition.voice.voice_id}) "
            f"-> {rendition.key}")
        if dry_run:
            continue
        body = synthesize(polly, rendition)
        # Named by content, so a file never changes: devices and caches may keep it for good.
        s3.put_object(Bucket=bucket, Key=rendition.key, Body=body, ContentType="audio/mpeg",
                      CacheControl="public, max-age=31536000, immutable",
                      Metadata={"item": f"{rendition.version}/{rendition.item}", "voice": rendition.voice.voice_id})
    if prune:
        keys = {r.key for r in audio.renditions(speech, all_locales())}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=audio.KEY_PREFIX):
            for item in page.get("Contents", []):
                if item["Key"] not in keys:
                    report.pruned.append(item["Key"])
                    out(f"  prune {item['Key']}")
                    if not dry_run:
                        s3.delete_object(Bucket=bucket, Key=item["Key"])
    return report


def bucket_of_stack(stack: str, cloudformation: Any) -> str:
    described = cloudformation.describe_stacks(StackName=stack)["Stacks"][0]
    for output in described.get("Outputs", []):
        if output["OutputKey"] == "AudioBucketName":
            return output["OutputValue"]
    raise SystemExit(f"stack {stack} has no AudioBucketName output: deploy template.yaml first (sam deploy)")


# -- offline: espeak-ng and sox ---------------------------------------------------------------------


def espeak_voice(locale: str) -> str:
    return "en-gb" if locale in ("en-GB", "en-IN", "en-AU") else "en-us"


def espeak_wav(ssml: str, locale: str, folder: Path) -> Path:
    """The SSML as a WAV spoken by espeak-ng (breaks and prosody rates honoured), cached by its digest."""
    binary = shutil.which("espeak-ng")
    if not binary:
        raise FileNotFoundError("espeak-ng is not installed (apt-get install espeak-ng)")
    key = audio.item_key(ssml, audio.Voice(espeak_voice(locale), locale, "espeak-ng")).rsplit("/", 1)[1]
    path = folder / key.replace(f".{audio.OUTPUT_FORMAT}", ".wav")
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial.wav")
        subprocess.run([binary, "-m", "-s", str(ESPEAK_WORDS_PER_MINUTE), "-v", espeak_voice(locale),
                        "-w", str(partial), ssml], check=True, capture_output=True, timeout=120)
        partial.replace(path)
    return path


def wav_seconds(path: Path) -> float:
    """A sound file's length, measured by sox."""
    binary = shutil.which("soxi")
    if not binary:
        raise FileNotFoundError("sox is not installed (apt-get install sox)")
    done = subprocess.run([binary, "-D", str(path)], check=True, capture_output=True, text=True, timeout=30)
    return float(done.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.render_audio", description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--stack", help="the deployed stack's name: its AudioBucketName output is the bucket")
    where.add_argument("--bucket", help="the bucket itself")
    parser.add_argument("--locale", action="append", help="only this locale (repeatable); default: all")
    parser.add_argument("--dry-run", action="store_true", help="say what would be rendered, render nothing")
    parser.add_argument("--prune", action="store_true", help="also delete files no current rendition names")
    args = parser.parse_args(argv)
    import boto3

    bucket = args.bucket or bucket_of_stack(args.stack, boto3.client("cloudformation"))
    report = render(bucket, boto3.client("s3"), boto3.client("polly"), locales=args.locale,
                    dry_run=args.dry_run, prune=args.prune)
    verb = "would render" if args.dry_run else "rendered"
    print(f"s3://{bucket}: {verb} {len(report.rendered)}, already there {len(report.present)}"
          + (f", pruned {len(report.pruned)}" if args.prune else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
