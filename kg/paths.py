"""Where the data files live, in a checkout (editable install) or in an installed wheel."""
from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_path(*parts: str) -> Path:
    """``data_path("ontology", "ckg.ttl")``: the installed copy first, else the checkout's."""
    installed = _PKG / "_data" / Path(*parts)
    if installed.exists():
        return installed
    return _PKG.parent / Path(*parts)
