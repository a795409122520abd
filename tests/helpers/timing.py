"""One time unit for every test timeout, so a slow machine scales them all (SIM_TEST_UNIT=2)."""

import os

UNIT = float(os.environ.get("SIM_TEST_UNIT", "1.0"))


def seconds(n: float) -> float:
    """A timeout of `n` units."""
    return n * UNIT
