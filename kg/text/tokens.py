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


def _make_tables():
    """jieba's word frequencies, their total and the part-of-speech table, our words added."""
    import jieba
    import jieba.posseg

    tk = jieba.Tokenizer()
    tk.check_initialized()
    for path in _dict_files():
        tk.load_userdict(str(path))
    pos = jieba.posseg.POSTokenizer(tk)
    pos.makesure_userdict_loaded()  # our dictionaries' tags join the table
    return tk.FREQ, tk.total, pos.word_tag_tab


@lru_cache(maxsize=1)
def _tokenizers():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    freq, total, tags = cached_table("jieba", _dict_files(), _make_tables, salt=jieba.__version__)
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = freq, total, True
    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)  # skips re-reading tags
    pos.tokenizer, pos.word_tag_tab = tk, tags
    return tk, pos


def tokenizer():
    return _tokenizers()[0]


def pos_tokenizer():
    return _tokenizers()[1]


def words(text: str) -> list[str]:
    return tokenizer().lcut(text, HMM=True)


def tagged(text: str) -> list[tuple[str, str]]:
    return [(p.word, p.flag) for p in pos_tokenizer().lcut(text)]
