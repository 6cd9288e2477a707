"""Safety handlers (a later issue fills this module)."""

HANDLERS: list = []
