#!/usr/bin/env python3
"""Extraction quality: run the shared scorer on every annotated set and print its figures.

    python bench/score.py [--shared ../shared] [--kg kg]

Sets scored (those that exist): the seeds (`seeds/` with `<shared>/gold/seeds`), the development
articles (`<shared>/dev`), and our own held-out set (`bench/eval`, written from the annotation
guidelines without looking at kg's output). Prints each set's category table and a summary; this is a
benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _sets(shared: Path) -> list[tuple[str, Path, Path]]:
    candidates = [
        ("seeds", REPO / "seeds", shared / "gold" / "seeds"),
        ("dev", shared / "dev" / "articles", shared / "dev" / "gold"),
        ("eval", REPO / "bench" / "eval" / "articles", REPO / "bench" / "eval" / "gold"),
    ]
    return [c for c in candidates if c[1].is_dir() and c[2].is_dir()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared folder")
    ap.add_argument("--kg", default="kg", help="command that runs kg")
    a = ap.parse_args()
    scorer = a.shared / "eval" / "score.py"
    if not scorer.is_file():
        print(f"score: no scorer at {scorer}", file=sys.stderr)
        return 2
    summary = []
    for name, articles, gold in _sets(a.shared):
        done = subprocess.run(
            [sys.executable, str(scorer), "--articles", str(articles), "--gold", str(gold), "--kg", a.kg],
            capture_output=True,
            text=True,
        )
        print(f"== {name}: {articles}")
        print(done.stdout.rstrip() or done.stderr.rstrip())
        macro = re.search(r"macro F1 over \d+ categories: ([0-9.]+)", done.stdout)
        question = re.search(r"question 'which programs did X announce'.*F1 ([0-9.]+)", done.stdout)
        summary.append((name, macro[1] if macro else "n/a", question[1] if question else "n/a"))
    print("\n| set | macro F1 | 'which programs did X announce' F1 |\n|---|---|---|")
    for name, macro, question in summary:
        print(f"| {name} | {macro} | {question} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
