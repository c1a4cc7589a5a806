"""Offline interactive network pages of the graph (vis-network, positions from networkx).

``write_view(store, "graph.html", ViewOptions(region=...))`` is the API behind ``kg viz``.
"""
from kg.viz.select import SelectionError, ViewOptions
from kg.viz.view import ViewResult, build_page, write_view

__all__ = ["SelectionError", "ViewOptions", "ViewResult", "build_page", "write_view"]
