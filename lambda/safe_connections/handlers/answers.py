"""The one handler for answers to a waiting question (questions.py): the capability that asked
receives the outcome. First after the crisis answer in dispatch order, so a "yes" always means what
the question asked, whoever else would claim the intent."""

from __future__ import annotations

from typing import Any

from ask_sdk_model import Response

from safe_connections import questions
from safe_connections.handler import Handler
from safe_connections.interceptors import ANSWER_KEY
from safe_connections.turn import Turn


class AnswerTheQuestion(Handler):
    def can_handle(self, handler_input: Any) -> bool:
        return ANSWER_KEY in handler_input.attributes_manager.request_attributes

    def respond(self, turn: Turn) -> Response:
        answer = turn.handler_input.attributes_manager.request_attributes[ANSWER_KEY]
        return questions.respond(turn, answer)


HANDLERS = [AnswerTheQuestion()]
