"""Colours with a meaning, used the same in tiles, table cells and PDFs (no Qt here)."""

from __future__ import annotations

from office_app.models.places import RISK_HIGH, RISK_LOW, RISK_MEDIUM
from office_app.models.testing import (
    RESULT_POOLED_POSITIVE,
    RESULT_POSITIVE,
    RESULT_REVIEW,
)

RISK_COLORS = {RISK_HIGH: "#D32F2F", RISK_MEDIUM: "#F57C00", RISK_LOW: "#388E3C"}
# Only results that need someone get a colour; a page of negatives stays calm.
RESULT_COLORS = {
    RESULT_POSITIVE: "#D32F2F",
    RESULT_POOLED_POSITIVE: "#D32F2F",
    RESULT_REVIEW: "#F57C00",
}
BLACK = "#000000"
WHITE = "#FFFFFF"


def _luminance(color: str) -> float:
    """WCAG relative luminance of ``#RRGGBB``."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_color_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    return (
        WHITE if contrast_ratio(WHITE, background) >= contrast_ratio(BLACK, background) else BLACK
    )
