"""Offline interactive network pages of the graph (vis-network, positions from networkx).

``write_view(store, "graph.html", ViewOptions(region=...))`` is the API behind ``kg viz``.
"""
__all__ = ["SelectionError", "ViewOptions", "ViewResult", "build_page", "write_view"]


def __getattr__(name: str):
    # loaded on first use: networkx and the page code cost every `kg` command 0.3 s otherwise
    if name in ("SelectionError", "ViewOptions"):
        from kg.viz import select
        return getattr(select, name)
    if name in ("ViewResult", "build_page", "write_view"):
        from kg.viz import view
        return getattr(view, name)
    raise AttributeError(f"module 'kg.viz' has no attribute {name!r}")
