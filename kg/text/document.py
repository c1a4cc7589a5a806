"""A report as extractors see it: clean text, paragraphs, sections, sentences, parts.

``load_document(path)`` reads and normalises a file; ``Document.evidence(start, end)``
quotes the raw source for a span of the clean text, so every fact can carry a verbatim
evidence sentence whatever normalisation did.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kg.extract.model import Evidence
from kg.text import parts
from kg.text.normalize import Normalized, Paragraph, normalize
from kg.text.reader import read_text

_SENT_END = set("。！？；!?;")
_OPEN = {"“": "”", "《": "》", "（": "）", "(": ")", "「": "」", "‘": "’"}
_SENT_SPECIAL = re.compile("[" + re.escape("".join(sorted({*_OPEN, *_OPEN.values(), *_SENT_END}))) + "]")
_WS = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


_NAME_MARKS = re.compile(r"[\s《》〈〉“”\"'‘’「」『』（）()【】]")


@dataclass
class Sentence:
    start: int  # in Document.text
    end: int
    text: str
    part: str  # head | review | plan | notes
    section: str  # heading path, " / "-joined
    paragraph: int  # index into Document.paragraphs
    is_heading: bool = False


@dataclass
class Document:
    path: Path
    name: str  # the file's name, e.g. 000_28599288d92c4c3c.txt
    key: str  # IRI key of the report
    raw: str
    text: str
    offsets: object
    paragraphs: list[Paragraph]
    sentences: list[Sentence] = field(default_factory=list)
    front_matter: dict[str, str] = field(default_factory=dict)

    @cached_property
    def plain_text(self) -> str:
        """The clean text without spaces, quotation marks and brackets, where a name can be
        looked up whatever marks the text puts around or inside it (“1+30”联防联控机制)."""
        return _NAME_MARKS.sub("", self.text)

    def writes(self, name: str) -> bool:
        """Whether the text writes this name (up to spaces, quotation marks and brackets)."""
        plain = _NAME_MARKS.sub("", name)
        return bool(plain) and plain in self.plain_text

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.raw.encode("utf-8")).hexdigest()

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            s = self.offsets[start] if start < len(self.offsets) else len(self.raw)
            return s, s
        return self.offsets[start], self.offsets[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        """The raw text behind a clean span, white space normalised (none between Chinese)."""
        rs, re_ = self.raw_span(start, end)
        s = self.raw[rs:re_]
        s = _CJK_GAP.sub("", s)
        return _WS.sub(" ", s).strip()

    def evidence(self, start: int, end: int, sentence: Sentence | None = None) -> Evidence:
        rs, re_ = self.raw_span(start, end)
        sent = sentence or self.sentence_at(start)
        return Evidence(self.quote(start, end), rs, re_,
                        sent.part if sent else "other", sent.section if sent else "")

    def sentence_at(self, pos: int) -> Sentence | None:
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sentences[mid].end <= pos:
                lo = mid + 1
            else:
                hi = mid
        return self.sentences[lo] if lo < len(self.sentences) else None


def _split_sentences(text: str, base: int) -> list[tuple[int, int]]:
    """Sentence spans at 。！？；, not inside quotes, titles or brackets."""
    spans = []
    start = 0
    stack: list[str] = []
    for m in _SENT_SPECIAL.finditer(text):  # only brackets, quotes and sentence ends matter
        i, ch = m.start(), m.group()
        if ch in _OPEN:
            stack.append(_OPEN[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
        elif ch in _SENT_END and (not stack or len(stack) > 3):
            spans.append((base + start, base + i + 1))
            start = i + 1
            stack.clear()
        if len(stack) > 3:  # unbalanced brackets: stop trusting them
            stack.clear()
    if start < len(text):
        spans.append((base + start, base + len(text)))
    return spans


def segment(norm: Normalized) -> list[Sentence]:
    sentences: list[Sentence] = []
    labels, sections, headings = parts.label(norm)
    for pi, para in enumerate(norm.paragraphs):
        for s, e in _split_sentences(para.text, para.start):
            sentences.append(Sentence(s, e, norm.text[s:e], labels[pi], sections[pi], pi, headings[pi]))
    return sentences


def report_key(path: Path) -> str:
    """The report's IRI key: its file stem; a bare-year stem takes its folder's name too."""
    stem = path.stem
    if re.fullmatch(r"\d{4}(?:[-_]\d+)?", stem) and path.parent.name:
        stem = f"{path.parent.name}-{stem}"
    from kg.graph.iris import slug

    return slug(stem)


def document_from_text(raw: str, path: Path, key: str | None = None) -> Document:
    norm = normalize(raw)
    doc = Document(path=path, name=path.name, key=key or report_key(path), raw=raw,
                   text=norm.text, offsets=norm.offsets, paragraphs=norm.paragraphs,
                   front_matter=norm.front_matter)
    doc.sentences = segment(norm)
    return doc


def load_document(path: Path | str, key: str | None = None) -> Document:
    path = Path(path)
    return document_from_text(read_text(path), path, key)
