"""Does a SPARQL text ask the engine to send requests to other servers?

``SERVICE <url> { … }`` in a query (or in an update's WHERE) makes the engine call that
URL, and ``LOAD <url>`` in an update fetches it: an endpoint open to others would send
requests wherever a stranger asks. pyoxigraph has no switch for either, so ``kg serve``
reads the text for the keywords first. The reading is lexical and errs towards refusing:
it undoes \\u escapes as the SPARQL grammar does before parsing, skips strings, IRIs and
comments, and finds the keyword as a word of its own (not ``?service`` or ``ex:SERVICE``).
"""
from __future__ import annotations

import re

# \uXXXX and \UXXXXXXXX are undone before parsing, anywhere in the text (SPARQL 1.1, 19.2)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|$)'      # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)"
    r'|"(?:[^"\\\n]|\\.)*(?:"|$)'              # short strings
    r"|'(?:[^'\\\n]|\\.)*(?:'|$)"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"              # IRIs (not the < of a comparison)
    r"|#[^\n]*",                                 # comments
    re.S)
_WORD = re.compile(r"(?<![\w:?$])(SERVICE|LOAD)(?![\w:])", re.I)


def _unescape(text: str) -> str:
    def char(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)
    return _ESCAPE.sub(char, text)


def outgoing(text: str) -> str | None:
    """The first keyword in ``text`` that would send a request out (``SERVICE``, ``LOAD``), or None."""
    code = _SKIP.sub(" ", _unescape(text))
    m = _WORD.search(code)
    return m.group(1).upper() if m else None
