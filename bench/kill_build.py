"""Kill `kg build` at random points and check that the store survives every time.

Each round starts a build of one or two seed articles (alternately, so the rounds' stores differ)
into the same store, kills it after a random delay with SIGKILL or SIGINT (Ctrl-C), then checks
that the store is whole: the marker names a store whose quad count matches, `kg validate` accepts
it, and it is either the previous store or the new one. Prints one line per round and the figures.

    python bench/kill_build.py [--rounds 20] [--seed 7] [--max-delay S]
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.store import open_store, store_info
from kg.validate import validate_store

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").glob("*.txt"))


def kill_rounds(rounds: int, seed: int, max_delay: float | None = None, say=print) -> collections.Counter:
    """Run ``rounds`` killed builds; return the count of each outcome. Raise AssertionError on damage.

    The signal comes after a random delay up to ``max_delay`` seconds (default: 1.2 times an unkilled
    build's duration, so the signals fall all over a build, its end included)."""
    rng = random.Random(seed)
    outcomes: collections.Counter = collections.Counter()
    with tempfile.TemporaryDirectory() as work:
        store = Path(work) / "store"
        env = {**os.environ, "KG_STORE": ""}
        started = time.monotonic()
        first = subprocess.run(
            [sys.executable, "-m", "kg", "build", str(SEEDS[0]), "--store", str(store), "-q"],
            env=env, capture_output=True, text=True, check=True,
        )
        del first
        if max_delay is None:
            max_delay = 1.2 * (time.monotonic() - started)
        for n in range(rounds):
            articles = SEEDS[: 1 + n % 2]
            before = store_info(store).built_at, store_info(store).quads
            how = rng.choice([signal.SIGKILL, signal.SIGINT])
            delay = rng.uniform(0.0, max_delay)
            build = subprocess.Popen(
                [sys.executable, "-m", "kg", "build", *map(str, articles), "--store", str(store), "-q"],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )
            time.sleep(delay)
            build.send_signal(how)
            err = build.communicate(timeout=120)[1]
            info = store_info(store)  # raises if the store is gone or not a store
            named = sum(1 for q in open_store(store) if isinstance(q.graph_name, ox.NamedNode))
            assert named == info.quads, "marker and data disagree"
            report = validate_store(store)
            assert report.conforms, report.text()
            kept = (info.built_at, info.quads) == before
            if build.returncode == 0:
                outcome = "finished before the signal"
            elif how == signal.SIGINT and "Failed to import the site module" in err:
                # the signal came while the interpreter itself was starting, before any kg code ran
                outcome = "Ctrl-C before Python started"
            elif how == signal.SIGINT:
                # one "interrupted" line, or nothing; a Ctrl-C that lands after the build has printed its
                # summary (while the process exits) leaves that summary as the last line
                last = err.strip().splitlines()[-1:]
                assert last in ([], ["kg: error: interrupted"]) or last[0].startswith("built "), err
                outcome = "Ctrl-C: previous store kept" if kept else "Ctrl-C: new store"
            else:
                outcome = "kill -9: previous store kept" if kept else "kill -9: new store"
            outcomes[outcome] += 1
            say(f"round {n + 1:2d}: {how.name} after {delay:.2f}s, exit {build.returncode}: {outcome};"
                f" store valid ({info.quads} quads)")
        leftovers = sorted(p.name for p in Path(work).iterdir() if p.name != "store")
        after = subprocess.run(
            [sys.executable, "-m", "kg", "build", str(SEEDS[0]), "--store", str(store), "-q"],
            env=env, capture_output=True, text=True,
        )
        assert after.returncode == 0, after.stderr
        say(f"next build after the rounds: ok; leftovers before it: {leftovers}")
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-delay", type=float, help="longest wait before the signal (s)")
    args = parser.parse_args()
    started = time.monotonic()
    outcomes = kill_rounds(args.rounds, args.seed, args.max_delay)
    figures = ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items()))
    print(f"{args.rounds} rounds in {time.monotonic() - started:.0f}s, store valid every time; {figures}")


if __name__ == "__main__":
    main()
