"""Many users at once keep their data apart: a small, untimed run of bench/load.py's checks.

Once the journal is merged (LogCheckInIntent in the model), every user's check-ins are checked
too: each one stored exactly once, and in nobody else's journal.
"""

from __future__ import annotations

from bench import load


def test_concurrent_users_each_find_exactly_their_own_data(dynamodb):
    users, _, failures = load.simulate(users_count=24, threads=6, seconds=60, sessions=2)
    assert failures == []
    assert all(user.latencies for user in users), "every user was heard"
