"""Small helpers shared by the platform modules."""

from __future__ import annotations

__all__ = ["one_line"]


def one_line(message: object, limit: int = 300) -> str:
    """Return ``message`` (text or an exception) as one line of at most ``limit`` characters."""
    text = " ".join(str(message).split()) or type(message).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
