"""How much one input file may cost: its bytes, its pages, the seconds spent on it.

A report is a few hundred kilobytes and a few dozen pages, read in a second or two. A file
past a limit (a 500 MB text, a zip bomb named .docx, a PDF of 100,000 pages, a file a
library chews on for minutes) is skipped with a line that names the limit, so one
pathological file cannot exhaust memory or hang a build. ``kg build --max-size/--max-pages/
--max-seconds`` set them; 0 means no limit.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024   # a file's size, and what a Word file may unpack to
    max_pages: int = 1000               # pages of a PDF
    max_seconds: float = 300.0          # reading and extracting one file

    def too_large(self, size: int, what: str = "") -> str | None:
        """Why ``size`` bytes are too many, or None."""
        if self.max_bytes and size > self.max_bytes:
            return (f"too large: {what}{_size(size)} (the limit is {_size(self.max_bytes)}; "
                    f"kg build --max-size sets it)")
        return None


def _size(n: int) -> str:
    if n < 2**20:
        return f"{n / 1024:,.0f} KB"
    return f"{n / 2**20:,.1f} MB" if n < 10 * 2**20 else f"{n // 2**20:,} MB"


DEFAULT = Limits()
