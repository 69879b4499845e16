"""``make bench``: run every benchmark and print its figures (ratios against in-process baselines).

Record the figures in ``docs/benchmarks.md``. Timing is measured here, never asserted in tests.
"""
from __future__ import annotations

import importlib
import json
import sys

BENCHES = ["benchmarks.bench_extract", "benchmarks.bench_search", "benchmarks.bench_graph"]


def main(argv: list[str]) -> int:
    names = [f"benchmarks.bench_{a}" for a in argv] or BENCHES
    for name in names:
        try:
            mod = importlib.import_module(name)
        except ImportError as e:
            print(f"== {name}: not available ({e})")
            continue
        print(f"== {name}")
        print(json.dumps(mod.run(), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
