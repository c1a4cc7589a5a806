"""Quantities outside the indicator vocabulary (煤层气产量 42.85亿方), kept under their own name."""
from __future__ import annotations


def extract(doc, facts) -> list:
    return []
