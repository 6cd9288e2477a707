"""(e) DynamoDB calls and consumed capacity per request, counted on the wire by a proxy.

  python -m bench.dynamo [--json]
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from bench.common import local_server, requests, table
from tools.envelopes import Device
from tools.fault_proxy import FaultProxy


def measure() -> dict[str, dict[str, Any]]:
    # The fault proxy, armed with no fault, counts calls and capacity on the wire (ReturnConsumedCapacity=TOTAL is
    # added to each call and stripped from its answer), so all three skills are counted the same way.
    with local_server() as env, FaultProxy(env["AWS_ENDPOINT_URL_DYNAMODB"], measure_capacity=True) as proxy:
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = proxy.endpoint  # before any client exists
        from bench.warm import load_skills

        handlers = load_skills()
        device = Device()
        first = handlers["ours"](requests(device, {})["LaunchRequest"], None)  # a returning user from here on
        handlers["persistence"](requests(device, {})["LaunchRequest"], None)
        events = requests(device, first.get("sessionAttributes") or {})
        found: dict[str, dict[str, Any]] = {}
        for label, event in events.items():
            found[label] = {}
            for name, handler in handlers.items():
                proxy.reset()
                handler(event, None)
                found[label][name] = {"calls": dict(proxy.calls()), "capacity": sum(proxy.capacity.values())}
        found[SAVED_CHECK_IN] = _saving_a_check_in(handlers, proxy)
    return found


SAVED_CHECK_IN = "yes (saves a check-in)"


def _saving_a_check_in(handlers: dict[str, Any], proxy: FaultProxy) -> dict[str, Any]:
    """The turn that stores a check-in: the "yes" after the read-back (the dialog turns store nothing)."""
    from tools.conversation import Conversation
    from tools.envelopes import slot

    talk = Conversation(handlers["ours"], Device())
    talk.launch()
    talk.intent("LogCheckInIntent", slot("person", "Maya"), slot("feeling", "calm", slot_type="FEELING",
                match_id="safe"), slot("note", None), slot("date", None), dialog_state="STARTED")
    talk.intent("AMAZON.NoIntent")  # no note
    proxy.reset()
    talk.intent("AMAZON.YesIntent")
    ours = {"calls": dict(proxy.calls()), "capacity": sum(proxy.capacity.values())}
    return {"ours": ours, "persistence": {"calls": {}, "capacity": 0}, "hello-world": {"calls": {}, "capacity": 0}}


def _calls(entry: dict[str, Any]) -> str:
    calls = entry["calls"]
    return " + ".join(f"{n} {op}" for op, n in sorted(calls.items())) if calls else "0"


def report(found: dict[str, dict[str, Any]]) -> str:
    rows = [[label, _calls(by["ours"]), f"{by['ours']['capacity']:g}", _calls(by["persistence"]),
             f"{by['persistence']['capacity']:g}", _calls(by["hello-world"])] for label, by in found.items()]
    return table(["request", "ours calls", "ours CU", "persistence calls", "persist. CU", "hello calls"], rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    found = measure()
    if args.json:
        print(json.dumps(found))
    else:
        print("DynamoDB calls per request (counted on the wire; CU as reported by the local server)")
        print(report(found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
