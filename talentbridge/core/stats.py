"""Small statistics shared by the contexts (pure Python, no Django).

``two_proportion_z`` is the one trend test of the platform: demand's dashboard ("rising" /
"declining" skills) and curriculum's alignment (a skill's demand trend) both call it, so the
same counts give the same verdict on every page.
"""

from __future__ import annotations

import math


def two_proportion_z(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """z of "share x2/n2 differs from x1/n1" and its two-sided p-value (pooled variance);
    (0, 1) when either sample is empty or the pooled share is 0 or 1."""
    if n1 == 0 or n2 == 0:
        return 0.0, 1.0
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance <= 0:
        return 0.0, 1.0
    z = (x2 / n2 - x1 / n1) / math.sqrt(variance)
    return z, math.erfc(abs(z) / math.sqrt(2))
