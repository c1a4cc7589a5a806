"""Bytes to text: detect the encoding of a report file and decode it.

Government sites publish UTF-8 (with or without BOM), GB18030/GBK and UTF-16. We try the
strict decoders in the order that rarely misfires, then salvage a file that is one of these
but for a cut-off end or a few damaged bytes (PartialText: the text and what was lost), then
ask charset-normalizer. Whatever the bytes, the only exceptions are ReadError and PartialText.
"""
from __future__ import annotations

import codecs
import threading


class ReadError(Exception):
    """A report that cannot be read; the message names the problem (the caller adds the file)."""


class PartialText(ReadError):
    """Text read only in part (a cut-off end, a few undecodable bytes); ``text`` holds what
    could be read, the message says what was lost."""

    def __init__(self, text: str, message: str):
        super().__init__(message)
        self.text = text


TruncatedText = PartialText  # the older name


MAX_LINE = 1_000_000  # characters; a report paragraph is a few thousand at most


def check_lines(text: str) -> None:
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest > MAX_LINE:
        raise ReadError(f"a single line of {longest:,} characters: not report text "
                        f"(the longest line allowed is {MAX_LINE:,})")


TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}

# Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS = [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
_NAMES = {"utf-8": "UTF-8", "gb18030": "GB18030", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16",
          "utf-32-le": "UTF-32", "utf-32-be": "UTF-32"}
CUT_BYTES = 4  # a file cut inside its last character, or ending in a few stray bytes
DAMAGE_RATE = 10_000  # at most one damaged spot per this many bytes (and at least a few) is salvaged
MIN_DAMAGE = 8


def decode_bytes(data: bytes) -> str:
    """The text of a plain-text report's bytes. Raises ReadError when they are not text, and
    PartialText (a ReadError carrying ``text``) when only part of them reads."""
    try:
        text = _decode(data).removeprefix("\ufeff")  # a second byte-order mark
    except PartialText as e:
        e.text = e.text.removeprefix("\ufeff")
        raise
    if "\x00" in text:  # a few damaged bytes that happen to be zero (more would be binary)
        raise PartialText(text.replace("\x00", "\ufffd"), f"{text.count(chr(0))} NUL byte(s) replaced by \ufffd")
    return text


def _decode(data: bytes) -> str:
    if not data.strip():
        raise ReadError("empty file")
    declared = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            data, declared = data[len(bom):], enc
            break
    if declared and not data.strip(b"\x00 \t\r\n"):
        raise ReadError("empty file (a byte-order mark and nothing else)")
    if declared:
        text = _strict(data, declared)
        if text is not None and _plausible(text):
            return text
        # the mark says one encoding, the bytes do not follow it: a cut file, a few damaged
        # bytes, or a mark put before text in another encoding; read what the bytes are
    if b"\x00" in data[:4096]:
        # NUL bytes: UTF-16 (ASCII digits and spaces encode with a zero byte), or binary
        for enc in ("utf-16-le", "utf-16-be"):
            text = _strict(data, enc)
            if text is not None and _plausible(text) and (_chinese_share(text) >= 0.3 or _looks_utf16(data)):
                return text
        _salvage_any(data, [e for e in (declared, "utf-16-le", "utf-16-be") if e])
        if data.count(0) > max(3, len(data) // DAMAGE_RATE):  # more than a few damaged bytes
            raise ReadError("binary file (NUL bytes), not a text report")
    text = _strict(data, "utf-8")
    if text is not None:
        return text
    # UTF-8 cut off or slightly damaged, before GB18030: UTF-8 bytes often decode as GB18030 mojibake
    _salvage_any(data, [e for e in (declared, "utf-8") if e])
    # Not UTF-8: GB18030 or BOM-less UTF-16. Both decode many byte strings without error,
    # so the one that yields the most Chinese wins.
    best, best_score = None, 0.0
    for enc in ("gb18030", "utf-16-le", "utf-16-be"):
        text = _strict(data, enc)
        if text is None:
            continue
        score = _chinese_share(text)
        if score > best_score and _mostly_text(text):
            best, best_score = text, score
    if best is not None and best_score >= 0.3:
        return best
    _salvage_any(data, ["gb18030"])
    guess = _charset_normalizer(data)
    if guess is not None and _mostly_text(guess):
        return guess
    if declared:
        name = _NAMES[declared]
        raise ReadError(f"not valid {name} text, though it starts with a {name} byte-order mark "
                        f"(nor UTF-8, GB18030 or UTF-16 after it)")
    reason = ""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        reason = f" ({e.reason} at byte {e.start})"
    raise ReadError(f"not valid UTF-8, GB18030 or UTF-16 text{reason}")


def _strict(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        return None


def _salvage_any(data: bytes, encodings: list[str]) -> None:
    """Raise PartialText with the first of ``encodings`` that reads all but a little of ``data``."""
    for enc in dict.fromkeys(encodings):
        found = _salvage(data, enc)
        if found is not None:
            raise PartialText(*found)


def _salvage(data: bytes, enc: str) -> tuple[str, str] | None:
    """Chinese text in ``enc`` but for a cut-off end or a few damaged bytes, and what was lost."""
    name = _NAMES.get(enc, enc)
    try:
        data.decode(enc)
        return None  # decodes whole: not for salvage
    except UnicodeDecodeError as e:
        first = e.start
    if first >= len(data) - CUT_BYTES:
        text = _strict(data[:first], enc)
        if text is not None and _good(text):
            return text, f"truncated {name}: the last {len(data) - first} byte(s) were dropped"
    allowed = max(MIN_DAMAGE, len(data) // DAMAGE_RATE)
    _damage.spots = 0
    _damage.limit = allowed
    try:
        text = data.decode(enc, errors=_COUNTING)
    except _TooDamaged:
        return None
    spots = _damage.spots
    if _good(text):
        return text, f"{spots} damaged spot(s) that are not {name} replaced by \ufffd"
    return None


class _TooDamaged(UnicodeError):
    pass


_damage = threading.local()
_COUNTING = "kg-count-damage"


def _count_damage(err: UnicodeDecodeError) -> tuple[str, int]:
    _damage.spots += 1
    if _damage.spots > _damage.limit:
        raise _TooDamaged("too many undecodable bytes")
    return "\ufffd", err.end


codecs.register_error(_COUNTING, _count_damage)


def _good(text: str) -> bool:
    """Report-like text: mostly Chinese, and nearly all of it characters a Chinese report uses
    (bytes decoded in the wrong encoding give Hangul, Yi, private-use and control characters)."""
    return bool(text.strip()) and _chinese_share(text) >= 0.3 and _plausible(text)


def _plausible(text: str) -> bool:
    sample = text[:5000]
    return bool(sample) and sum(1 for ch in sample if _usual(ch)) >= len(sample) * 0.95


def _usual(ch: str) -> bool:
    o = ord(ch)
    return (0x20 <= o < 0x7F or ch in "\n\r\t\ufffd" or 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF or 0x2000 <= o <= 0x206F or 0x00B7 == o or 0x2460 <= o <= 0x24FF)


def _charset_normalizer(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    try:
        guess = from_bytes(data).best()
        return None if guess is None else str(guess)
    except Exception:  # noqa: BLE001 — a library guessing at arbitrary bytes; no guess then
        return None


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
