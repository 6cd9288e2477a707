"""One request's view of the world, handed to every handler: locale, user, session, speech, store.

Handlers build the answer through a Turn so that every open session gets a reprompt, and
so that no handler touches SSML, boto3 or the raw envelope.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard
from markupsafe import Markup

from safe_connections.speech import Speech
from safe_connections.state import LastSaid, SessionState, State
from safe_connections.store import Profile, Store, UserRef

TURN_KEY = "turn"
# The message keys of the last turn answered on this thread: conversation tests assert on them
# (as Rasa's tests assert reply names). Kept in memory only, never logged: a key can tell of a crisis.
_recent = threading.local()


def recent_keys() -> list[str]:
    return list(getattr(_recent, "keys", []))


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
        self.in_session = envelope.session is not None
        # The conversation's typed state: read here, written back by interceptors.SaveSession.
        self.s = SessionState.from_attributes(envelope.session.attributes if self.in_session else None)
        if self.user.person:
            self.s.speaker = self.user.person
        elif getattr(self.request, "object_type", None) == "SessionEndedRequest" and self.s.speaker:
            # Alexa names no speaker when a session ends: it ends the conversation of whoever was talking.
            self.user = replace(self.user, person=self.s.speaker)
        self.keys: list[str] = []
        # Set when this answer reads something personal: "repeat" then replays it only to the same
        # speaker, and asks first again in private mode.
        self.personal = False
        # Set when the person just said yes to "is it okay to read it out loud now?": no second warning.
        self.aloud_confirmed = False
        _recent.keys = self.keys

    @staticmethod
    def of(handler_input: HandlerInput) -> Turn:
        return handler_input.attributes_manager.request_attributes[TURN_KEY]

    # -- reading the request --------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self.s.state

    @state.setter
    def state(self, state: State) -> None:
        self.s.state = state

    @property
    def request_id(self) -> str:
        return getattr(self.request, "request_id", None) or ""

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
    def today(self) -> date:
        """The date where the device is (Alexa's Device Settings API, asked once a session); UTC if unknown."""
        return self.local(self.now).date()

    def local(self, moment: datetime) -> datetime:
        """A moment as the device's clock shows it (UTC if its time zone is unknown)."""
        zone = self.s.time_zone
        if zone is None:
            zone = self.s.time_zone = self._device_time_zone() or "UTC"
        try:
            return moment.astimezone(ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            return moment

    def _device_time_zone(self) -> str | None:
        from safe_connections.alexa_settings import device_time_zone

        system = getattr(getattr(self.handler_input.request_envelope, "context", None), "system", None)
        device = getattr(system, "device", None)
        return device_time_zone(getattr(system, "api_endpoint", None), getattr(device, "device_id", None),
                                getattr(system, "api_access_token", None))

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
        self.keys.append(key)
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
        return self.ask_ssml(str(self.render(reprompt_key, **values)))

    def ask_ssml(self, reprompt: str) -> Response:
        """As `ask`, with a reprompt already rendered (one said before, asked again)."""
        self.s.last = LastSaid(self.spoken, reprompt, self.user.scope, self.personal)
        builder = self.handler_input.response_builder
        return builder.speak(self.spoken).ask(reprompt).set_should_end_session(False).response

    # -- dialog directives (Alexa's dialog model asks; we say what is still missing) -------------

    @property
    def dialog_state(self) -> str | None:
        """STARTED, IN_PROGRESS or COMPLETED when the intent has a dialog model; None otherwise."""
        return getattr(getattr(self.request, "dialog_state", None), "value", None)

    def delegate(self, intent_name: str | None = None, slots: dict[str, str | None] | None = None) -> Response:
        """Dialog.Delegate: Alexa's dialog model prompts for the next required slot. No speech of our own."""
        from ask_sdk_model.dialog import DelegateDirective

        updated = self._intent(intent_name, slots) if intent_name or slots is not None else None
        builder = self.handler_input.response_builder
        return builder.add_directive(DelegateDirective(updated_intent=updated)).set_should_end_session(False).response

    def elicit_slot(self, slot: str, reprompt_key: str, *, intent_name: str | None = None,
                    slots: dict[str, str | None] | None = None, **values: Any) -> Response:
        """Dialog.ElicitSlot: speaks what was said (the question) and takes the answer as `slot` of the
        intent (which may be another intent than this request's: Alexa allows the change)."""
        from ask_sdk_model.dialog import ElicitSlotDirective

        directive = ElicitSlotDirective(slot_to_elicit=slot, updated_intent=self._intent(intent_name, slots))
        self.handler_input.response_builder.add_directive(directive)
        return self.ask(reprompt_key, **values)

    def confirm_intent(self, reprompt_key: str, *, intent_name: str | None = None,
                       slots: dict[str, str | None] | None = None, **values: Any) -> Response:
        """Dialog.ConfirmIntent: speaks the question; the yes or no comes back as the intent's confirmationStatus."""
        from ask_sdk_model.dialog import ConfirmIntentDirective

        directive = ConfirmIntentDirective(updated_intent=self._intent(intent_name, slots))
        self.handler_input.response_builder.add_directive(directive)
        return self.ask(reprompt_key, **values)

    def _intent(self, name: str | None, slots: dict[str, str | None] | None) -> Any:
        from ask_sdk_model import Intent, IntentConfirmationStatus, Slot, SlotConfirmationStatus

        current = getattr(self.request, "intent", None)
        if slots is None:
            slots = {n: getattr(s, "value", None) for n, s in (getattr(current, "slots", None) or {}).items()}
        return Intent(
            name=name or getattr(current, "name", None),
            slots={n: Slot(name=n, value=v, confirmation_status=SlotConfirmationStatus.NONE) for n, v in slots.items()},
            confirmation_status=IntentConfirmationStatus.NONE,
        )

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
