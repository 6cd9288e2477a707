"""The dispatch order, held by a test rather than a comment: the danger and crisis answers first, then what only
an event or a waiting question can mean, then the capabilities, the catch-alls last."""

from __future__ import annotations

from collections import defaultdict

from safe_connections.app import handler_modules, ordered_handlers


def _names() -> list[str]:
    return [type(h).__name__ for h in ordered_handlers()]


def test_the_crisis_answer_comes_first_and_the_answer_to_a_waiting_question_before_any_capability():
    names = _names()
    assert names[:2] == ["AnswerDanger", "AnswerCrisis"], "what the screen caught wins over everything"
    answer = names.index("AnswerTheQuestion")
    assert names.index("ForgetOnDisable") < answer, "a skill event needs no question"
    capabilities = {type(h).__name__ for m in handler_modules() if m.__name__.rsplit(".", 1)[-1] not in
                    ("danger", "crisis_answer", "my_data", "answers") for h in m.HANDLERS}
    assert all(names.index(c) > answer for c in capabilities), "a 'yes' means what was asked"


def test_the_built_in_catch_alls_come_last_and_the_unknown_intent_catch_all_is_the_very_last():
    modules = [m.__name__.rsplit(".", 1)[-1] for m in handler_modules()]
    assert modules[-1] == "builtin"
    assert _names()[-1] == "AnythingElse"
    assert modules.index("reflection_care") < modules.index("reflection"), "'it's too much' wins over 'next'"


def test_a_handler_bound_to_a_state_comes_before_one_for_the_same_intent_in_every_state():
    seen: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    for position, handler in enumerate(ordered_handlers()):
        for intent in getattr(handler, "intents", ()):
            seen[intent].append((position, handler.states is not None))
    for intent, claims in seen.items():
        general = [p for p, bound in claims if not bound]
        bound = [p for p, is_bound in claims if is_bound]
        if general and bound:
            assert max(bound) < min(general), f"{intent}: a general handler shadows a state-bound one"


def test_no_capability_handles_yes_or_no_itself():
    """Yes and no are answers: they reach the question that asked (handlers/answers.py); only the
    built-in catch-all hears a yes or no when nothing was asked."""
    for module in handler_modules():
        for handler in module.HANDLERS:
            if {"AMAZON.YesIntent", "AMAZON.NoIntent"} & set(getattr(handler, "intents", ())):
                assert module.__name__.endswith("builtin"), f"{type(handler).__name__} in {module.__name__}"
