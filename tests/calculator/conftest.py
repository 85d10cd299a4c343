"""Test helpers (brute force, strategies) sit beside the tests, and the benchmarks'
generated sheets in tests/benchmarks: make them importable."""

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parents[1] / "benchmarks")]
