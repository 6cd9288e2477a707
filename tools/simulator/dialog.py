"""Dialog management as Alexa runs it: Dialog.Delegate with the dialog model, and the skill's own
Dialog.ElicitSlot, Dialog.ConfirmSlot and Dialog.ConfirmIntent.

Delegation follows the dialog model's order: each slot in turn is elicited if required and empty,
validated, confirmed if required; then the intent is confirmed if required. Alexa speaks the
model's prompts (a random variation, `{slot}` filled in); the user's answer fills the slot, or
sets confirmationStatus from yes or no. With manual delegation the skill hears every turn
(dialogState STARTED, then IN_PROGRESS, then COMPLETED); with auto delegation (`ALWAYS`) it hears
only the completed intent.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from tools.simulator.builtins import ESCAPES, PHRASINGS
from tools.simulator.model import InteractionModel
from tools.simulator.resolver import Resolver, Sample, Word, compile_sample

DIALOG_DIRECTIVES = ("Dialog.Delegate", "Dialog.ElicitSlot", "Dialog.ConfirmSlot", "Dialog.ConfirmIntent")
STEP_OF = {
    "Dialog.ElicitSlot": "elicit",
    "Dialog.ConfirmSlot": "confirm_slot",
    "Dialog.ConfirmIntent": "confirm_intent",
}
YES, NO = "AMAZON.YesIntent", "AMAZON.NoIntent"


@dataclass
class Step:
    """What Alexa is waiting to hear: a slot value, or a yes or no."""

    kind: str  # "elicit" | "confirm_slot" | "confirm_intent"
    intent: dict[str, Any]
    slot: str | None = None
    prompt: str | None = None  # SSML Alexa speaks itself (delegation); None when the skill asked
    delegated: bool = False


@dataclass
class Followup:
    """What happens next: send the skill a request, Alexa asks from the model, or nothing."""

    kind: str  # "send" | "ask" | "none"
    intent: dict[str, Any] | None = None
    dialog_state: str | None = None
    prompt: str | None = None
    problems: list[str] = field(default_factory=list)


class DialogEngine:
    def __init__(self, resolver: Resolver, rng: random.Random | None = None) -> None:
        self.resolver = resolver
        self.model: InteractionModel = resolver.model
        self.rng = rng or random.Random()
        self.pending: Step | None = None
        self.heard: str | None = None  # how the last answer to a pending step was understood

    # -- a new intent --------------------------------------------------------------------------

    def start(self, intent: dict[str, Any]) -> Followup:
        """A freshly resolved intent: STARTED for a dialog intent, run by Alexa if auto-delegated."""
        self.pending = None
        name = intent["name"]
        if name not in self.model.dialog_intents:
            return Followup("send", intent)
        if self.model.auto_delegates(name):
            return self._delegate(intent)
        return Followup("send", intent, "STARTED")

    # -- the user's answer to what is pending -------------------------------------------------

    def answer(self, said: list[Word]) -> Followup | None:
        """The next utterance answers the pending step; None when the user asked for something else."""
        step, self.pending = self.pending, None
        self.heard = None
        if step is None:
            return None
        intent = copy.deepcopy(step.intent)
        if step.kind == "elicit":
            if not self._fill(intent, step.slot or "", said):
                return None
        else:
            verdict = self.yes_or_no(said)
            if verdict is None:
                return None
            status = "CONFIRMED" if verdict else "DENIED"
            target = intent["slots"][step.slot] if step.kind == "confirm_slot" else intent
            target["confirmationStatus"] = status
        if step.delegated and self.model.auto_delegates(intent["name"]):
            return self._delegate(intent)
        return Followup("send", intent, self._state_after_answer(intent))

    def yes_or_no(self, said: list[Word]) -> bool | None:
        found = self.resolver.best(said, self._yes_no_samples())
        if found is None or found.intent not in (YES, NO):
            return None
        self.heard = f"{'yes' if found.intent == YES else 'no'}: {found.how}"
        return found.intent == YES

    def _yes_no_samples(self) -> list[Sample]:
        model_samples = [s for s in self.resolver.samples if s.intent in (YES, NO)]
        defaults = [compile_sample(name, text, ours=False) for name in (YES, NO) for text in PHRASINGS[name]]
        return model_samples + defaults

    def _fill(self, intent: dict[str, Any], slot: str, said: list[Word]) -> bool:
        name = intent["name"]
        local = self.resolver.fill(name, slot, said)
        other = self.resolver.resolve(said)
        # Stop, cancel, help still work while Alexa asks; anything else answers the question.
        if other.intent in ESCAPES and other.intent != name and other.literals > (local.literals if local else 0):
            return False
        if local is not None:
            filled = {n: s for n, s in local.slots.items() if s.get("value") is not None}
            self.heard = f'answer for "{slot}": {local.how}'
        else:
            filled = {slot: self.resolver.slot(name, slot, said)}
            self.heard = f'answer for "{slot}": no sample close, all of it fills the slot'
        for slot_name, value in filled.items():
            intent["slots"][slot_name] = value | {"confirmationStatus": "NONE"}
        return True

    def _state_after_answer(self, intent: dict[str, Any]) -> str:
        if intent["name"] not in self.model.dialog_intents:
            return "IN_PROGRESS"
        return "IN_PROGRESS" if self.next_step(copy.deepcopy(intent)) else "COMPLETED"

    # -- what the skill answered ----------------------------------------------------------------

    def after_reply(self, sent: dict[str, Any] | None, sent_state: str | None, response: dict[str, Any]) -> Followup:
        """Reads the skill's Dialog directive (if any) and decides what Alexa does next."""
        self.pending = None
        directive = next((d for d in response.get("directives") or [] if d.get("type") in DIALOG_DIRECTIVES), None)
        if directive is None:
            return Followup("none")
        problems = []
        if response.get("shouldEndSession") is True:
            problems.append(f"{directive['type']} with shouldEndSession true: Alexa rejects this response")
        intent = copy.deepcopy(directive.get("updatedIntent") or sent)
        if intent is None:
            return Followup("none", problems=[*problems, f"{directive['type']} outside an IntentRequest"])
        intent.setdefault("slots", {})
        intent.setdefault("confirmationStatus", "NONE")
        kind = directive["type"]
        if kind == "Dialog.Delegate":
            if response.get("outputSpeech"):
                problems.append("Dialog.Delegate with outputSpeech: Alexa rejects this response")
            if sent_state == "COMPLETED" and self.next_step(copy.deepcopy(intent)) is None:
                return Followup("none", problems=[*problems, "Dialog.Delegate on a COMPLETED dialog"])
            followup = self._delegate(intent)
        else:
            if not response.get("outputSpeech"):
                problems.append(f"{kind} without outputSpeech: the user hears no question")
            step_kind = STEP_OF[kind]
            slot = directive.get("slotToElicit") or directive.get("slotToConfirm")
            if step_kind != "confirm_intent" and slot not in intent["slots"]:
                intent["slots"][slot] = {"name": slot, "confirmationStatus": "NONE"}
            self.pending = Step(step_kind, intent, slot)
            followup = Followup("none")
        followup.problems[:0] = problems
        return followup

    def _delegate(self, intent: dict[str, Any]) -> Followup:
        step = self.next_step(intent)
        if step is None:
            return Followup("send", intent, "COMPLETED")
        step.delegated = True
        self.pending = step
        return Followup("ask", intent, prompt=step.prompt)

    # -- the dialog model -------------------------------------------------------------------------

    def next_step(self, intent: dict[str, Any]) -> Step | None:
        """The first thing the dialog model still needs (mutates `intent`: denied or invalid values clear)."""
        dialog = self.model.dialog_intents.get(intent["name"])
        if dialog is None:
            return None
        slots = intent.setdefault("slots", {})
        for spec in dialog.get("slots", []):
            name = spec["name"]
            slot = slots.setdefault(name, {"name": name, "confirmationStatus": "NONE"})
            prompts = spec.get("prompts") or {}
            if slot.get("confirmationStatus") == "DENIED":
                slots[name] = {"name": name, "confirmationStatus": "NONE"}
                return self._step("elicit", intent, name, prompts.get("elicitation"))
            filled = slot.get("value") not in (None, "")
            if not filled and spec.get("elicitationRequired"):
                return self._step("elicit", intent, name, prompts.get("elicitation"))
            failed = filled and self._failed_validation(spec, slot)
            if failed:
                slots[name] = {"name": name, "confirmationStatus": "NONE"}
                return self._step("elicit", intent, name, failed)
            if filled and spec.get("confirmationRequired") and slot.get("confirmationStatus", "NONE") == "NONE":
                return self._step("confirm_slot", intent, name, prompts.get("confirmation"))
        if dialog.get("confirmationRequired") and intent.get("confirmationStatus", "NONE") == "NONE":
            return self._step("confirm_intent", intent, None, (dialog.get("prompts") or {}).get("confirmation"))
        return None

    def _failed_validation(self, spec: dict[str, Any], slot: dict[str, Any]) -> str | None:
        """The prompt id of the first validation rule the value breaks (the rules we understand)."""
        value = str(slot.get("value", "")).lower()
        resolved = _resolved_names(slot)
        for rule in spec.get("validations") or []:
            kind = rule.get("type")
            allowed = {str(v).lower() for v in rule.get("values") or []}
            names = {value, *resolved}
            broken = (
                (kind == "hasEntityResolutionMatch" and not resolved)
                or (kind == "isInSet" and not names & allowed)
                or (kind == "isNotInSet" and names & allowed)
            )
            if broken:
                return rule.get("prompt")
        return None

    def _step(self, kind: str, intent: dict[str, Any], slot: str | None, prompt_id: str | None) -> Step:
        return Step(kind, intent, slot, self.prompt(prompt_id, intent))

    def prompt(self, prompt_id: str | None, intent: dict[str, Any]) -> str:
        """One variation of a prompt as SSML, `{slot}` replaced by the slot's value."""
        variations = self.model.prompts.get(prompt_id or "", [])
        if not variations:
            return f"<speak>[the dialog model has no prompt {prompt_id!r}]</speak>"
        chosen = self.rng.choice(variations)
        text = chosen.get("value", "")
        plain = chosen.get("type") != "SSML"
        for name, slot in (intent.get("slots") or {}).items():
            value = str(slot.get("value") or "")
            text = text.replace("{" + name + "}", escape(value) if not plain else value)
        if plain:
            return f"<speak>{escape(text)}</speak>"
        return text if text.strip().startswith("<speak>") else f"<speak>{text}</speak>"


def _resolved_names(slot: dict[str, Any]) -> set[str]:
    names = set()
    for authority in (slot.get("resolutions") or {}).get("resolutionsPerAuthority", []):
        if authority.get("status", {}).get("code") == "ER_SUCCESS_MATCH":
            names.update(str(v["value"]["name"]).lower() for v in authority.get("values", []))
    return names
