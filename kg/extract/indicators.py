"""(being written)"""
from __future__ import annotations


def extract(doc, facts) -> list:
    return []
