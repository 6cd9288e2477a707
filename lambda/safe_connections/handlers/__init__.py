"""Handlers by capability. Each module exports HANDLERS; app.py registers them in one ordered list."""
