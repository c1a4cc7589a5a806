"""Page furniture: what a printed or web page adds around a report, found line by line.

A web copy of a report looks like this (an aggregator's article page; government sites
differ in words, not in shape):

    工作报告                                      site header, breadcrumbs
    2022年阜平县政府工作报告                        the page's title (kept)
    时间：2023-01-24  作者：…  来源：…  阅读：       posting line (fields)
    354                                           a field's value on its own line
    内容摘要：                                     summary label
    政府工作报告——2022年1月27日在……请予审议......   summary: the opening, cut short
    政府工作报告                                   ← the report
    …
    分享到： / 上一篇： / 相关文章 / 阅读排行 / 标签云  the page's tail: other reports' titles

``furniture_mask(lines)`` says which lines to drop, ``content_end(line)`` where a line's
report text ends. The words are data (ontology/lexicons/furniture.txt); the shapes are here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from kg.paths import data_path

_HEAD_LINES = 12  # a posting line sits in a page's first lines
_PROSE_LEN = 40  # a line this long with sentence punctuation is report text, not a link
_CRUMB_LEN = 20  # a site header or breadcrumb above a page's title is short
_PLAIN = re.compile(r"\?\?+|&nbsp;|\ufffd+|[\s\u3000\u00a0]+")
_ELLIPSIS = re.compile(r"(?:\.{3,}|…+|。。。+)$")
_COUNT = re.compile(r"^\d{1,9}$")


@dataclass(frozen=True)
class _Rules:
    line: re.Pattern[str]
    fields_first: re.Pattern[str]
    fields_any: re.Pattern[str]
    field_alone: re.Pattern[str]
    summary: re.Pattern[str]
    tail: re.Pattern[str]
    end: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    by_kind: dict[str, list[str]] = {}
    text = data_path("ontology", "lexicons", "furniture.txt").read_text(encoding="utf-8")
    for ln in text.splitlines():
        if not ln.strip() or ln.lstrip().startswith("#"):
            continue
        kind, _, pat = ln.partition("\t")
        by_kind.setdefault(kind.strip(), []).append(pat.strip())

    def alt(kind: str) -> str:
        return "|".join(f"(?:{p})" for p in by_kind.get(kind, [])) or r"(?!x)x"

    fields = alt("field")
    return _Rules(
        line=re.compile(alt("line"), re.IGNORECASE),
        fields_first=re.compile(rf"^(?:{fields})[：:]"),
        fields_any=re.compile(rf"(?:^| )(?:{fields})[：:]"),
        # one field with a short value or none: "来源：政府官网", "阅读："
        field_alone=re.compile(rf"^(?:{fields})[：:] ?[^，。；！？]{{0,30}}$"),
        summary=re.compile(rf"^(?:{alt('summary')})[：:] ?(?P<rest>.*)$"),
        tail=re.compile(rf"^(?:{alt('tail')})[：:]?(?: ?[^，。；！？]{{0,40}})?$"),
        end=re.compile(alt("end")),
    )


def _plain(line: str) -> str:
    """The line as a reader sees it: unencodable '??', '&nbsp;' and runs of space as one space."""
    return _PLAIN.sub(" ", line).strip()


def is_furniture(line: str) -> bool:
    """A line that is furniture wherever it stands (a page number, a share button)."""
    return bool(_rules().line.search(_plain(line)))


def content_end(line: str) -> int:
    """Where the report's text on this line ends (before a site name run onto it)."""
    m = _rules().end.search(line)
    return m.start() if m else len(line)


def _is_prose(plain: str) -> bool:
    return len(plain) >= _PROSE_LEN and any(p in plain for p in "，。；")


def _posting_line(plain: str) -> bool:
    r = _rules()
    return bool(r.fields_first.match(plain)) and (
        len(r.fields_any.findall(plain)) >= 2 or bool(r.field_alone.match(plain)))


def furniture_mask(lines: Sequence[str]) -> list[bool]:
    """For each line, True when it is page furniture (see the module docstring)."""
    r = _rules()
    plain = [_plain(ln) for ln in lines]
    drop = [bool(p) and bool(r.line.search(p)) for p in plain]
    filled = [i for i, p in enumerate(plain) if p]

    # the head: posting lines, their values, what stands above the page's title, the summary
    head = filled[:_HEAD_LINES]
    posting = [i for i in head if _posting_line(plain[i])]
    if posting:
        first = posting[0]
        above = [i for i in head if i < first]
        for i in above[:-1]:  # keep the line just above: the page's title
            if len(plain[i]) <= _CRUMB_LEN and not re.search(r"\d", plain[i]):
                drop[i] = True  # a site's header or breadcrumbs, not a dateline
        for k, i in enumerate(head):
            if i in posting:
                drop[i] = True
            elif (k and head[k - 1] in posting and plain[head[k - 1]].endswith(("：", ":"))
                  and _COUNT.match(plain[i])):
                drop[i] = True  # "阅读：" then "354"
        after = [i for i in filled if i > posting[-1]]
        _drop_summary(plain, after, drop)

    # the tail: from the first marker on, when nothing after it is report prose
    for k, i in enumerate(filled):
        if r.tail.match(plain[i]) and all(drop[j] or not _is_prose(plain[j]) for j in filled[k + 1:]):
            for j in filled[k:]:
                drop[j] = True
            break
    return drop


def _drop_summary(plain: list[str], after: list[int], drop: list[bool]) -> None:
    """A summary right after the posting line: its label, and its text when that text is cut
    short with an ellipsis or repeats the opening that follows it."""
    r = _rules()
    for k, i in enumerate(after[:3]):
        m = r.summary.match(plain[i])
        if not m:
            continue
        drop[i] = True
        rest = m.group("rest").strip()
        body_idx = i if rest else (after[k + 1] if k + 1 < len(after) else None)
        if body_idx is None:
            return
        text = rest or plain[body_idx]
        flat = text.replace(" ", "")
        later = "".join(plain[j].replace(" ", "") for j in after if j > body_idx)
        if _ELLIPSIS.search(flat) or (len(flat) >= 12 and flat[:12] in later):
            drop[body_idx] = True
        return
