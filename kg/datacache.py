"""Tables derived from data files, kept as pickles in the temp folder between runs.

Parsing the gazetteer (46 k divisions) and jieba's dictionaries takes seconds of pure
Python in every process; an incremental build that reads one report would spend most of
its time there. A table is stored under a key made of its name, the bytes of the files it
is made from and the code that makes it, so any change to either makes it afresh (as jieba
keeps its own dictionary cache in the temp folder).
"""
from __future__ import annotations

import gc
import hashlib
import inspect
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def files_digest(paths: Iterable[Path], seed: str = "") -> str:
    """sha256 (hex) over ``seed`` and each file's name and bytes: the key of anything made
    from those files (cached tables, the extractor and graph-code versions)."""
    h = hashlib.sha256(seed.encode("utf-8"))
    for path in paths:
        h.update(path.name.encode("utf-8"))
        h.update(path.read_bytes())
    return h.hexdigest()


@contextmanager
def gc_paused():
    """The cyclic garbage collector paused meanwhile (also a decorator: ``@gc_paused()``).
    For work that allocates many objects which stay alive or die by reference count:
    collections triggered meanwhile scan them all and find next to nothing to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def quick_loads(data: bytes):
    """``pickle.loads`` with the cyclic garbage collector paused: unpickling a big table
    allocates millions of objects (gazetteer: 0.47 s -> 0.18 s)."""
    with gc_paused():
        return pickle.loads(data)


def cached_table(name: str, sources: Iterable[Path], make: Callable[[], T], *, salt: str = "") -> T:
    """``make()``, or its result from an earlier run with the same sources and code."""
    key = files_digest(sources, seed=f"{name}\0{salt}\0{inspect.getsource(make)}")
    path = Path(tempfile.gettempdir()) / f"county-kg-{name}-{key[:16]}.pkl"
    try:
        return quick_loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        pass
    table = make()
    try:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
        tmp.write_bytes(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only temp folder: make it again next time
    return table
