"""Evidence sentences that two reports share: each stated in one report's graph only.

A report's graph holds the sentences in which it names a region, enterprise, project or
policy (``<thing> ckg:evidence "…"``). Two reports sometimes print the same sentence about
the same thing (a plan report and a work report of one city and year, or one city's
reports of two years: 978 such lines in the 1,309-report corpus). Stated in both graphs,
the triple would be seen twice by a query over their union, and once in the Turtle file.
So the line goes to the graph of the first report, by key, that quotes it.

``Quotes`` remembers which reports quote each such line. Reports are handed to it in key
order; a report changed by an edit may then take a line from a later report's graph, or
give one it dropped to the next report quoting it: ``moved`` says which graphs of reports
not made again gain or lose which lines.
"""
from __future__ import annotations

import hashlib


def line_key(line: str) -> int:
    return int.from_bytes(hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest(), "big")


class Quotes:
    def __init__(self) -> None:
        self.first: dict[int, str] = {}          # line → the one report quoting it
        self.more: dict[int, list[str]] = {}     # line → every report quoting it (two or more), sorted
        self.moved: dict[str, tuple[set[str], set[str]]] = {}   # report → (lines gained, lines lost)

    def __getstate__(self):
        return {"first": self.first, "more": self.more}

    def __setstate__(self, state) -> None:
        self.first, self.more, self.moved = state["first"], state["more"], {}

    def holders(self, h: int) -> list[str]:
        if h in self.more:
            return self.more[h]
        one = self.first.get(h)
        return [one] if one is not None else []

    def _set(self, h: int, holders: list[str]) -> None:
        self.first.pop(h, None)
        self.more.pop(h, None)
        if len(holders) == 1:
            self.first[h] = holders[0]
        elif holders:
            self.more[h] = holders

    def _move(self, report: str, line: str, gained: bool) -> None:
        gain, lose = self.moved.setdefault(report, (set(), set()))
        add, undo = (gain, lose) if gained else (lose, gain)
        if line in undo:
            undo.discard(line)
        else:
            add.add(line)

    def replace(self, report: str, old: list[str], new: list[str]) -> list[str]:
        """``report`` now quotes ``new`` (it quoted ``old``); returns the lines of ``new``
        its graph states (those no report before it by key quotes). Reports must come in
        key order (a report gone from the sources first, with ``new`` empty)."""
        self.moved.pop(report, None)   # its graph is made again from what this returns
        old_set, new_set = set(old), set(new)
        for line in old_set - new_set:
            h = line_key(line)
            holders = [r for r in self.holders(h) if r != report]
            if holders and report < holders[0]:
                self._move(holders[0], line, gained=True)   # the next report takes it over
            self._set(h, holders)
        kept = []
        for line in new:
            h = line_key(line)
            holders = self.holders(h)
            if report not in holders:
                if holders and report < holders[0]:
                    self._move(holders[0], line, gained=False)
                holders = sorted([*holders, report])
                self._set(h, holders)
            if holders[0] == report:
                kept.append(line)
        return kept

    def add_later(self, first: dict[int, str], more: dict[int, list[str]]) -> None:
        """Add the table (``first``, ``more``) that reports all after this table's, by key,
        made: as if they had been handed to ``replace`` here, in key order, after its own."""
        for table in (first, more):
            for h, holders in table.items():
                holders = [holders] if isinstance(holders, str) else holders
                mine = self.holders(h)
                if mine:
                    self._set(h, [*mine, *holders])
                elif len(holders) == 1:
                    self.first[h] = holders[0]
                else:
                    self.more[h] = holders
