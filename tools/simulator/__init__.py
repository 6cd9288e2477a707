"""The local simulator: talk to the real lambda_handler as Alexa would, offline (`make run`).

Alexa's part, approximated from our own interaction model: `Resolver` (typed words -> intent and
slots), `DialogEngine` (Dialog.Delegate and friends), `Simulator` (sessions, the transcript).
"""

from tools.simulator.dialog import DialogEngine
from tools.simulator.model import InteractionModel
from tools.simulator.resolver import Resolver
from tools.simulator.session import Simulator

__all__ = ["DialogEngine", "InteractionModel", "Resolver", "Simulator"]
