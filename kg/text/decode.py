"""Bytes to text: detect the encoding of a report file and decode it.

Government sites publish UTF-8 (with or without BOM), GB18030/GBK and UTF-16. We try the
strict decoders in the order that rarely misfires, then ask charset-normalizer.
"""
from __future__ import annotations

import codecs


class ReadError(Exception):
    """A report that cannot be read; the message names the problem (the caller adds the file)."""


class TruncatedText(ReadError):
    """Readable text whose end was cut off; ``text`` holds what could be read."""

    def __init__(self, text: str, message: str):
        super().__init__(message)
        self.text = text


MAX_LINE = 1_000_000  # characters; a report paragraph is a few thousand at most


def check_lines(text: str) -> None:
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest > MAX_LINE:
        raise ReadError(f"a single line of {longest:,} characters: not report text "
                        f"(the longest line allowed is {MAX_LINE:,})")


TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}


def decode_bytes(data: bytes) -> str:
    if not data.strip():
        raise ReadError("empty file")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        # NUL bytes: BOM-less UTF-16 (ASCII digits and spaces encode with a zero byte), or binary
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _mostly_text(text) and (_chinese_share(text) >= 0.3 or _looks_utf16(data)):
                return text
        raise ReadError("binary file (NUL bytes), not a text report")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    if utf8_error.reason == "unexpected end of data" and utf8_error.start >= len(data) - 3:
        # a file cut off inside its last character: keep everything before it
        raise TruncatedText(data[: utf8_error.start].decode("utf-8", errors="replace"),
                            f"truncated UTF-8: the last {len(data) - utf8_error.start} byte(s) were dropped")
    # Not UTF-8: GB18030 or BOM-less UTF-16. Both decode many byte strings without error,
    # so the one that yields the most Chinese wins.
    best, best_score = None, 0.0
    for enc in ("gb18030", "utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _chinese_share(text)
        if score > best_score and _mostly_text(text):
            best, best_score = text, score
    if best is not None and best_score >= 0.3:
        return best
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    if guess is not None and _mostly_text(str(guess)):
        return str(guess)
    raise ReadError(f"not valid UTF-8, GB18030 or UTF-16 text ({utf8_error.reason} at byte {utf8_error.start})")


def _chinese_share(text: str) -> float:
    sample = text[:5000]
    if not sample:
        return 0.0
    han = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    return han / len(sample)


def _looks_utf16(data: bytes) -> bool:
    head = data[:2000]
    return len(head) >= 4 and head.count(b"\x00") > len(head) // 4


def _mostly_text(text: str) -> bool:
    if not text:
        return False
    sample = text[:5000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    return bad <= len(sample) * 0.01
