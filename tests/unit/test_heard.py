"""Free words that mean what was meant (heard.py): commands said where an answer was asked for, and
the answer without its fillers, in the person's own spelling. Examples written here by the team; the
corpus (tests/corpus/answers.yaml) measures the same on words nobody here wrote."""

from __future__ import annotations

import pytest
from safe_connections import heard


@pytest.mark.parametrize(("said", "command"), [
    ("never mind", "cancel"), ("um, never mind", "cancel"), ("actually, forget it", "cancel"),
    ("cancel the whole check in please", "cancel"), ("no wait, change the feeling", "change_feeling"),
    ("skip", "skip"), ("nothing really", "skip"), ("no", "skip"), ("nah, nothing", "skip"),
    ("I'd rather not say", "not_sure"), ("I'm not sure", "not_sure"), ("dunno", "not_sure"),
    ("what?", "repeat"), ("sorry, what was the question", "repeat"), ("can we go back", "go_back"),
    ("log that I saw my brother and it felt tense", "new_check_in"),
])
def test_a_command_said_as_the_answer_is_heard_as_the_command(speech, said, command):
    assert heard.command(speech, "en-US", said) == command


@pytest.mark.parametrize("said", [
    "she told me to forget it and that we would talk again another day, which felt kind",
    "we went back to her place and had tea", "Nguyen", "my sister", "calm", "no one interrupted me",
])
def test_an_answer_is_not_taken_for_a_command(speech, said):
    assert heard.command(speech, "en-US", said) is None


@pytest.mark.parametrize(("said", "kind", "kept"), [
    ("it was with Nguyen actually", "person", "Nguyen"),
    ("uh, my friend Maya", "person", "my friend Maya"),
    ("my brother, no, my cousin", "person", "my cousin"),
    ("O'Neil", "person", "O'Neil"),
    ("Sam & <Co>", "person", "Sam & <Co>"),
    ("uh it was kind of mixed I guess", "feeling", "kind of mixed"),
    ("it felt pretty safe", "feeling", "pretty safe"),
    ("I noticed that she really listened", "note", "she really listened"),
    ("no one interrupted me", "note", "no one interrupted me"),
])
def test_the_answer_is_kept_without_fillers_in_the_persons_own_spelling(speech, said, kind, kept):
    assert heard.tidy(speech, "en-US", said, kind) == kept
