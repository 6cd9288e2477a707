"""Two baselines written the way the official ASK Python samples are, for side-by-side figures."""
