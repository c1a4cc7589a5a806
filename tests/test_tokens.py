"""Cached tokenizer tables (kg.datacache): cold and warm runs segment and tag exactly as a
plain jieba does, and jieba's own default POS tokenizer keeps its tags."""
from __future__ import annotations

import json
import os
import subprocess
import sys

TEXT = "山西晋南钢铁集团有限公司在曲沃县经济技术开发区投资建设年产200万吨槽钢项目，乡村振兴稳步推进。"

OURS = f"""
import json
from kg.text.tokens import tagged, words
import jieba.posseg
print(json.dumps([words({TEXT!r}), tagged({TEXT!r}), [list(p) for p in jieba.posseg.lcut({TEXT!r})]]))
"""

PLAIN = f"""
import json, jieba, jieba.posseg
tk = jieba.Tokenizer()
pos = jieba.posseg.POSTokenizer(tk)
print(json.dumps([tk.lcut({TEXT!r}, HMM=True), [[p.word, p.flag] for p in pos.lcut({TEXT!r})],
                  [list(p) for p in jieba.posseg.lcut({TEXT!r})]]))
"""


def _run(code: str, tmp) -> list:
    env = {**os.environ, "TMPDIR": str(tmp)}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_cold_and_warm_tables_give_plain_jiebas_words_and_tags(tmp_path):
    plain = _run(PLAIN, tmp_path)
    cold = _run(OURS, tmp_path)
    assert list(tmp_path.glob("county-kg-jieba-*.pkl")), "the tables were not kept"
    warm = _run(OURS, tmp_path)
    assert cold == warm == plain
    assert ["曲沃县", "ns"] in plain[1]  # the comparison is about real tags
