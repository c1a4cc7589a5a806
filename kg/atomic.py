"""Writing output files atomically: a temp file beside the target, renamed onto it only when
complete, so a failed or interrupted run never leaves a half-written output."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temp path beside ``path`` to write to; it replaces ``path`` when the block ends
    without error and is removed otherwise."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600 files; outputs are ordinary files
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: str | os.PathLike[str], write: Callable[[IO[Any]], object], *,
                 text: bool = False, newline: str | None = None) -> None:
    """Call ``write(file)`` on a temp file (binary, or UTF-8 text with ``text``), then rename it
    onto ``path``."""
    with atomic_path(path) as tmp:
        if text:
            with open(tmp, "w", encoding="utf-8", newline=newline) as fh:
                write(fh)
        else:
            with open(tmp, "wb") as fh:
                write(fh)
