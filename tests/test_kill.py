"""Builds killed at random points (SIGKILL, SIGINT) leave a store that validates: a short run of
bench/kill_build.py (CI runs the full 20 rounds as a step of its own)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from kill_build import kill_rounds


def test_killed_builds_leave_a_valid_store() -> None:
    outcomes = kill_rounds(rounds=4, seed=11, say=lambda _line: None)
    assert sum(outcomes.values()) == 4
