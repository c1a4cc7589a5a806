"""county-kg: knowledge graphs from Chinese local-government reports.

The public API is small; every CLI command is a thin layer over one of these.
"""
from __future__ import annotations

__version__ = "0.1.0"

from kg.paths import data_path  # noqa: E402

__all__ = ["data_path", "__version__"]
