"""Graph blocks → output files and the on-disk store, rewriting as little as the format allows.

- N-Quads: the blocks one after the other (graphs sorted by name, as kg.graph.write does),
  copied file to file in the kernel;
- N-Triples: the sorted union, updated in place when the file is the one the last build
  wrote (kg.graph.union), else made from every block;
- Turtle, TriG, JSON-LD: serialised by pyoxigraph from every block (their syntax groups
  triples by subject, so there is nothing to splice);
- the store: only the graphs whose block changed since the store was last written are
  replaced (the store folder remembers which blocks it holds).
An output is left as it is when it holds exactly this build's blocks and nobody touched it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph as ox

from kg.atomic import atomic_path, atomic_write
from kg.build_state import OutputRecord, file_stat
from kg.graph.assemble import Blocks, block_lines
from kg.graph.union import UnionUpdate, copy_range, full_union, write_all
from kg.graph.write import format_for, write_graphs

UNION = "tables"
STORE_MARKER = ".county-kg-graphs.json"   # a dot file: not one of the store's own files
OPTIMIZE_ABOVE = 200_000                  # statements replaced before the store is compacted


def write_outputs(blocks: Blocks, path: str | os.PathLike[str], state=None) -> int:
    """Write (or update) one output file; returns the statements it holds."""
    path = Path(path)
    fmt = format_for(path)
    key = str(path.resolve())
    dataset = blocks.dataset_id()
    rec = state.outputs.get(key) if state is not None else None
    untouched = rec is not None and _same_file(path, rec)
    if untouched and rec.dataset == dataset:
        return rec.statements
    if fmt == ox.RdfFormat.N_QUADS:
        n = _write_nquads(blocks, path)
    elif fmt == ox.RdfFormat.N_TRIPLES:
        n = None
        if untouched and rec.dataset == blocks.previous_dataset_id() == state.union_dataset:
            n = _update_union(blocks, path, state, rec.statements)
        if n is None:
            n = _write_union(blocks, path, state)
    else:
        n = write_graphs(blocks.graphs(), path)
    if state is not None:
        size, mtime, inode = file_stat(path)
        state.outputs[key] = OutputRecord(size, mtime, inode, dataset, n)
    return n


def _same_file(path: Path, rec: OutputRecord) -> bool:
    try:
        return file_stat(path) == (rec.size, rec.mtime_ns, rec.inode)
    except OSError:
        return False


def _write_nquads(blocks: Blocks, path: Path) -> int:
    with atomic_path(path) as tmp, open(tmp, "wb", buffering=0) as out:
        for g in blocks.names():
            src = blocks.path(g)
            if src is None:
                write_all(out, blocks.get(g))
                continue
            with open(src, "rb") as fh:
                copy_range(fh, out, 0, os.fstat(fh.fileno()).st_size)
    return sum(blocks.counts.values())


def _write_union(blocks: Blocks, path: Path, state) -> int:
    # each block's lines without their graph (split off in C: no line made twice), " .\n"
    # put back as the union is written
    lines, multi = full_union((_bare_lines(g, blocks.get(g)) for g in blocks.names()), b" .\n")

    def write(fh) -> None:
        for at in range(0, len(lines), 100_000):
            fh.write(b" .\n".join(lines[at:at + 100_000]) + b" .\n")

    atomic_write(path, write)
    if state is not None:
        state.union_file = state.put_object(UNION, multi)
        state.union_dataset = blocks.dataset_id()
    return len(lines)


def _bare_lines(graph: str, data: bytes) -> list[bytes]:
    """An N-Quads block's lines without " <graph> .\n" (at the end of every line, and
    nowhere else: it ends with the line's only newline)."""
    return data.split(f" <{graph}> .\n".encode("utf-8"))[:-1]


def _update_union(blocks: Blocks, path: Path, state, statements: int) -> int | None:
    try:
        multi = state.get_object(UNION, state.union_file)
    except (OSError, EOFError, ValueError):
        return None
    update = UnionUpdate(path, multi)
    for g in sorted(set(blocks.ids) | set(blocks.previous)):
        old, new = blocks.previous.get(g), blocks.ids.get(g)
        if old == new:
            continue
        if g in blocks.delta:   # the lines that changed are known: no need to compare blocks
            gone, came = blocks.delta[g]
            update.replace(block_lines(g, b"".join(gone)), block_lines(g, b"".join(came)))
            continue
        try:
            old_lines = block_lines(g, state.read_block(old)) if old else []
        except OSError:
            return None  # the last build's block is gone: make the union afresh
        update.replace(old_lines, block_lines(g, blocks.get(g)) if new else [])
    try:
        delta = update.apply(path)
    except ValueError:
        return None
    state.union_file = state.put_object(UNION, update.multi)
    state.union_dataset = blocks.dataset_id()
    return statements + delta


def write_store_graphs(blocks: Blocks, store: str | os.PathLike[str], view_summary: bool = True) -> int:
    """Replace the store's graphs whose blocks changed, and drop the graphs of reports gone
    from the sources since the last build (graphs other builds put there stay); returns how
    many graphs were replaced or dropped."""
    from kg.store import fingerprint, is_store_dir, write_store

    target = Path(store)
    held = _store_marker(target) if is_store_dir(target) else {}
    send = [g for g in blocks.names() if held.get(g) != blocks.ids[g]]
    gone = sorted(set(blocks.previous) - set(blocks.ids))
    if not send and not gone:
        return 0
    # a graph whose changed lines are known (the shared graph) is edited, not sent whole, if
    # the store holds the graph as the last build left it
    edit = [g for g in send if g in blocks.delta and held.get(g) == blocks.previous.get(g)]
    edits = {g: tuple(list(ox.parse(input=b"".join(lines), format=ox.RdfFormat.N_QUADS))
                      for lines in blocks.delta[g]) for g in edit}
    graphs = {g: list(ox.parse(input=blocks.get(g), format=ox.RdfFormat.N_QUADS))
              for g in send if g not in edits}
    changed = sum(blocks.counts[g] for g in graphs) + sum(len(a) + len(b) for a, b in edits.values())
    write_store(graphs, target, optimize=changed > OPTIMIZE_ABOVE, remove=gone, edits=edits,
                view_summary=view_summary)
    held.update({g: blocks.ids[g] for g in send})
    for g in gone:
        held.pop(g, None)
    marker = {"files": fingerprint(target), "graphs": held}
    atomic_write(target / STORE_MARKER, lambda fh: json.dump(marker, fh, sort_keys=True), text=True)
    return len(send) + len(gone)


def _store_marker(directory: Path) -> dict[str, str]:
    """Graph → block the store holds, if nothing else wrote to it since (its files are as
    the build left them); else {} (send all)."""
    from kg.store import fingerprint

    try:
        marker = json.loads((directory / STORE_MARKER).read_text(encoding="utf-8"))
        if marker.get("files") == fingerprint(directory):
            return dict(marker["graphs"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return {}
