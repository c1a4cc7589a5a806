"""jieba word segmentation with the project's user dictionaries.

Every ``ontology/lexicons/jieba_*.dict`` file (jieba's format: ``word [freq] [pos]``) is
loaded into one private Tokenizer, so extractors that segment share one vocabulary and
never touch jieba's global state.

Loading jieba's dictionary, its part-of-speech table and our dictionaries takes ~3 s of
pure Python per process, so the finished tables are kept between runs (kg.datacache).
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from kg.datacache import cached_table
from kg.paths import data_path


def _dict_files() -> list[Path]:
    return sorted(data_path("ontology", "lexicons").glob("jieba_*.dict"))


def _import_jieba():
    """jieba imports pkg_resources (0.3 s, and deprecated) only to open its own dictionary
    file, and opens it by path when pkg_resources is missing: import it with that hidden."""
    import sys

    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # makes `import pkg_resources` fail
        try:
            import jieba  # noqa: F401
        finally:
            del sys.modules["pkg_resources"]
    import jieba

    return jieba


def _make_tables():
    """jieba's word frequencies (our words added), their total, jieba's own part-of-speech
    table, and the tags our dictionaries add or change."""
    import jieba
    import jieba.posseg

    tk = jieba.Tokenizer()
    tk.check_initialized()
    for path in _dict_files():
        tk.load_userdict(str(path))
    pos = jieba.posseg.POSTokenizer(tk)
    default_tags = dict(pos.word_tag_tab)
    pos.makesure_userdict_loaded()  # our dictionaries' tags join the table
    ours = {w: t for w, t in pos.word_tag_tab.items() if default_tags.get(w) != t}
    return tk.FREQ, tk.total, default_tags, ours


def _import_posseg(default_tags: dict[str, str]):
    """``jieba.posseg`` makes a default tokenizer at import, reading jieba's dictionary for
    its tags (~1 s). Import it with that read skipped, then give the default tokenizer the
    same tags from our table, so it behaves as a plain import would."""
    import io
    import sys

    jieba = _import_jieba()
    if "jieba.posseg" in sys.modules or jieba.dt.dictionary != jieba.DEFAULT_DICT:
        import jieba.posseg
        return jieba.posseg
    jieba.dt.get_dict_file = lambda: io.BytesIO()
    try:
        import jieba.posseg
    finally:
        del jieba.dt.get_dict_file
    jieba.posseg.dt.word_tag_tab = dict(default_tags)
    return jieba.posseg


@lru_cache(maxsize=1)
def _tokenizers():
    jieba = _import_jieba()

    jieba.setLogLevel(logging.WARNING)
    freq, total, default_tags, ours = cached_table("jieba", _dict_files(), _make_tables,
                                                   salt=jieba.__version__)
    posseg = _import_posseg(default_tags)
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = freq, total, True
    pos = posseg.POSTokenizer.__new__(posseg.POSTokenizer)  # skips re-reading the tags
    pos.tokenizer, pos.word_tag_tab = tk, {**default_tags, **ours} if ours else default_tags
    return tk, pos


def tokenizer():
    return _tokenizers()[0]


def pos_tokenizer():
    return _tokenizers()[1]


def words(text: str) -> list[str]:
    return tokenizer().lcut(text, HMM=True)


def tagged(text: str) -> list[tuple[str, str]]:
    return [(p.word, p.flag) for p in pos_tokenizer().lcut(text)]
