"""jieba word segmentation with the project's user dictionaries.

Every ``ontology/lexicons/jieba_*.dict`` file (jieba's format: ``word [freq] [pos]``) is
loaded into one private Tokenizer, so extractors that segment share one vocabulary and
never touch jieba's global state.
"""
from __future__ import annotations

import logging
from functools import lru_cache

from kg.paths import data_path


@lru_cache(maxsize=1)
def tokenizer():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    for path in sorted(data_path("ontology", "lexicons").glob("jieba_*.dict")):
        tk.load_userdict(str(path))
    return tk


@lru_cache(maxsize=1)
def pos_tokenizer():
    import jieba.posseg

    return jieba.posseg.POSTokenizer(tokenizer())


def words(text: str) -> list[str]:
    return tokenizer().lcut(text, HMM=True)


def tagged(text: str) -> list[tuple[str, str]]:
    return [(p.word, p.flag) for p in pos_tokenizer().lcut(text)]
