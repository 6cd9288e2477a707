"""A value with characters XML forbids is spoken without them, never breaking the whole answer."""

from __future__ import annotations

from safe_connections.speech import Speech

from tests.ssml import check_ssml
from tools.compile_content import compile_content


def test_control_characters_in_a_value_are_dropped_and_the_speech_stays_valid(tmp_path):
    (tmp_path / "content" / "en" / "messages").mkdir(parents=True)
    (tmp_path / "content" / "en" / "messages" / "echo.yaml").write_text("said: 'You said {{ value }}.'\n")
    compiled = compile_content(tmp_path / "content", tmp_path / "compiled").target
    spoken = str(Speech(compiled).message("echo/said", "en-US", value="a walk\x00 by\x1b the \uffferiver"))
    check_ssml(f"<speak>{spoken}</speak>")
    assert spoken == "You said a walk by the river."
