"""One request's view of the world, handed to every handler: locale, user, session, speech, store.

Handlers build the answer through a Turn so that every open session gets a reprompt, and
so that no handler touches SSML, boto3 or the raw envelope.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard
from markupsafe import Markup

from safe_connections.speech import Speech
from safe_connections.state import State, current_state, set_state
from safe_connections.store import Profile, Store, UserRef

TURN_KEY = "turn"
LAST_SPEECH_KEY = "last_speech"
LAST_REPROMPT_KEY = "last_reprompt"


class Turn:
    def __init__(self, handler_input: HandlerInput, speech: Speech, store: Store) -> None:
        self.handler_input = handler_input
        self.speech = speech
        self.store = store
        envelope = handler_input.request_envelope
        self.request = envelope.request
        self.locale: str = getattr(self.request, "locale", None) or "en-US"
        self.user = _user_ref(envelope)
        self.now = datetime.now(UTC)
        self._parts: list[Markup] = []
        self._profile: Profile | None = None
        self._no_session: dict[str, Any] = {}

    @staticmethod
    def of(handler_input: HandlerInput) -> Turn:
        return handler_input.attributes_manager.request_attributes[TURN_KEY]

    # -- reading the request --------------------------------------------------------------------

    @property
    def session(self) -> dict[str, Any]:
        """Session attributes; events sent outside a session (audio, skill events) get a scratch dict."""
        if self.handler_input.request_envelope.session is None:
            return self._no_session
        return self.handler_input.attributes_manager.session_attributes

    @property
    def state(self) -> State:
        return current_state(self.session)

    @state.setter
    def state(self, state: State) -> None:
        set_state(self.session, state)

    @property
    def intent_name(self) -> str | None:
        intent = getattr(self.request, "intent", None)
        return getattr(intent, "name", None)

    def slot(self, name: str) -> str | None:
        """What the user said for a slot, or None."""
        found = self._slot(name)
        value = getattr(found, "value", None)
        return value.strip() or None if isinstance(value, str) else None

    def slot_id(self, name: str) -> str | None:
        """The canonical id entity resolution matched for a slot, or None when nothing matched."""
        found = self._slot(name)
        resolutions = getattr(getattr(found, "resolutions", None), "resolutions_per_authority", None) or []
        for authority in resolutions:
            status = getattr(getattr(getattr(authority, "status", None), "code", None), "value", None)
            if status == "ER_SUCCESS_MATCH" and authority.values:
                return authority.values[0].value.id
        return None

    def _slot(self, name: str) -> Any:
        intent = getattr(self.request, "intent", None)
        slots = getattr(intent, "slots", None) or {}
        return slots.get(name)

    @property
    def profile(self) -> Profile:
        """The stored profile, read at most once per request."""
        if self._profile is None:
            self._profile = self.store.get_profile(self.user)
        return self._profile

    @profile.setter
    def profile(self, profile: Profile) -> None:
        self._profile = profile

    # -- building the answer --------------------------------------------------------------------

    def render(self, key: str, **values: Any) -> Markup:
        return self.speech.message(key, self.locale, **values)

    def say(self, key: str, **values: Any) -> Turn:
        self._parts.append(self.render(key, **values))
        return self

    def say_ssml(self, fragment: Markup) -> Turn:
        self._parts.append(fragment)
        return self

    def card(self, title_key: str, body_key: str, **values: Any) -> Turn:
        title = self.speech.text(title_key, self.locale, **values)
        body = self.speech.text(body_key, self.locale, **values)
        self.handler_input.response_builder.set_card(SimpleCard(title=title, content=body))
        return self

    @property
    def spoken(self) -> str:
        return " ".join(str(part) for part in self._parts)

    def ask(self, reprompt_key: str, **values: Any) -> Response:
        """Speaks what was said, keeps the session open and reprompts: every question has a reprompt."""
        reprompt = str(self.render(reprompt_key, **values))
        self.session[LAST_SPEECH_KEY] = self.spoken
        self.session[LAST_REPROMPT_KEY] = reprompt
        builder = self.handler_input.response_builder
        return builder.speak(self.spoken).ask(reprompt).set_should_end_session(False).response

    def end(self) -> Response:
        """Speaks what was said (if anything) and closes the session."""
        builder = self.handler_input.response_builder
        if self._parts:
            builder.speak(self.spoken)
        return builder.set_should_end_session(True).response

    def silent(self) -> Response:
        """No speech at all (SessionEndedRequest, events)."""
        return self.handler_input.response_builder.response


def _user_ref(envelope: Any) -> UserRef:
    system = getattr(getattr(envelope, "context", None), "system", None)
    user = getattr(system, "user", None) or getattr(getattr(envelope, "session", None), "user", None)
    account = getattr(user, "user_id", None) or "anonymous"
    person = getattr(getattr(system, "person", None), "person_id", None)
    return UserRef(account=account, person=person)
