"""How many DynamoDB and S3 calls each AudioPlayer event and playback request makes, counted on the real
clients with botocore's event hooks (counting only). Run with -s to print the table (README)."""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from tests.audio.echo import Echo, plays
from tests.conversations.journal_talk import table
from tools.audio_envelopes import button, playback_failed
from tools.envelopes import slot


class Counted(Echo):
    def __init__(self) -> None:
        from safe_connections import app, audio
        from safe_connections.config import load_config
        from safe_connections.store import Store

        self.store = Store(table())
        self.calls: Counter[str] = Counter()
        self.store.client.meta.events.register("before-call.dynamodb", self._count)
        audio.library(os.environ["AUDIO_BUCKET"]).client.meta.events.register("before-call.s3", self._count)
        skill = app.build_skill(load_config(), store=self.store)
        super().__init__(lambda event, context: app.handle_event(event, context, skill=skill))
        self.rows: list[tuple[str, str]] = []

    def _count(self, model: Any = None, **kwargs: Any) -> None:
        self.calls[model.name] += 1

    def counted(self, label: str, action: Any) -> Any:
        self.calls.clear()
        result = action()
        made = ", ".join(f"{n} {name}" for name, n in sorted(self.calls.items())) or "none"
        self.rows.append((label, made))
        return result, made


def test_calls_per_audio_event_and_playback_request():
    c = Counted()
    c.talk.launch()
    reply, made = c.counted("start the reflection", lambda: c.say("StartReflectionIntent"))
    assert made == "1 HeadObject", "is the first segment rendered? (no profile read: the audio holds no name)"
    (stream,) = plays(reply.raw)
    c.playing(stream)
    expected = [
        ("AudioPlayer.PlaybackStarted", lambda: c.report("Started", stream), "1 UpdateItem"),
        ("AudioPlayer.PlaybackNearlyFinished (enqueues the next)", lambda: c.report("NearlyFinished", stream, 40_000),
         "none"),
        ("AudioPlayer.PlaybackFinished (not the last)", lambda: c.report("Finished", stream, 60_000), "none"),
        ("Alexa, pause", lambda: c.say("AMAZON.PauseIntent"), "none"),
        ("AudioPlayer.PlaybackStopped", lambda: c.report("Stopped", stream, 30_000), "1 UpdateItem"),
        ("Alexa, next / go back / repeat / start over (while it plays)", lambda: c.say("AMAZON.NextIntent"), "none"),
        ("PlaybackController.* (the device's buttons)", lambda: c.event(button("Next")), "none"),
        ("Alexa, loop / shuffle", lambda: c.say("AMAZON.ShuffleOnIntent"), "none"),
    ]
    for label, action, want in expected:
        assert c.counted(label, action)[1] == want, label
    c.playing(stream, 30_000, "STOPPED")
    assert c.counted("Alexa, resume", lambda: c.say("AMAZON.ResumeIntent"))[1] == "none"
    c.state = None
    reply, made = c.counted("resume my reflection (a later day)", lambda: c.say("ResumeReflectionIntent"))
    assert made == "1 GetItem, 1 HeadObject"
    (stream,) = plays(reply.raw)
    assert c.counted("PlaybackFailed (tried again)", lambda: c.event(playback_failed(stream["token"])))[1] == "none"
    retry = stream | {"token": stream["token"].replace(".0.", ".1.", 1)}
    assert c.counted("PlaybackFailed (again: the apology plays)",
                     lambda: c.event(playback_failed(retry["token"])))[1] == "1 UpdateItem"
    closing = plays(c.say("GoToStepIntent", slot("stepName", "closing", slot_type="REFLECTION_STEP",
                                                 match_id="closing")).raw)[0]
    assert c.counted("AudioPlayer.PlaybackFinished (the last)", lambda: c.report("Finished", closing))[1] == \
        "1 UpdateItem"
    c.playing(closing, 3_000)
    assert c.counted("it's too much (while it plays)", lambda: c.say("FeelingOverwhelmedIntent"))[1] == \
        "1 UpdateItem"
    assert all("Scan" not in made and "Query" not in made for _, made in c.rows)
    print("\n| request | DynamoDB and S3 calls |\n|---|---|")
    for label, made in c.rows:
        print(f"| {label} | {made} |")
