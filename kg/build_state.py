"""What the last build of a set of sources left behind, so the next one redoes only what changed.

Kept in the cache folder (``.kg-cache/graphs/``), one state per set of sources:

- per input file: size, mtime and content hash (an unchanged file is not even read);
- per report: its content hash, the hash of its fold inputs (``kg.graph.resolve``), the
  hash of its view (what its graph knows of the entities it mentions), its graph block:
  the report's statements as sorted N-Quads, in ``blocks/<hash>.nq``, and its side: the
  lines it gives the shared graph and the sentences it quotes (``sides/<hash>.pkl``);
- the shared graph's block, the counts of its lines that several reports rely on, and
  which reports quote which sentence (``kg.graph.quotes``);
- every report's fold inputs (one file; read only when some report's inputs changed);
- per output file: its size, mtime and inode and the blocks it was made of, so an output
  nobody touched can be updated in place;
- the line counts the N-Triples union needs (``kg.graph.union``).

Files are named by the hash of their content, written atomically, and removed once no state
refers to them. A state written by other code (another county-kg version) is ignored.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.datacache import files_digest, quick_loads
from kg.paths import data_path

STATE_DIR = "graphs"
FACTS_FILE = re.compile(r"[0-9a-f]{64}-[0-9a-f]{16}\.pkl")  # only ours are ever removed


@lru_cache(maxsize=1)
def graph_code_version() -> str:
    """Extraction and graph-writing code, lexicons, vocabularies: a change starts afresh."""
    from kg.build import extractor_version

    pkg = Path(__file__).parent
    paths = [*sorted((pkg / "graph").glob("*.py")), pkg / "vocab.py", pkg / "build.py",
             pkg / "build_state.py", data_path("ontology", "indicators.ttl")]
    return files_digest([p for p in paths if p.is_file()], seed=extractor_version())[:16]


def content_id(*parts: object) -> str:
    """A short stable hash of plain values (tuples, strings, numbers: their repr is canonical)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


@dataclass
class FileRecord:
    size: int
    mtime_ns: int
    digest: str
    key: str
    problem: str | None = None
    warning: str | None = None


@dataclass
class ReportRecord:
    key: str
    digest: str
    source_name: str
    source_path: str
    skeleton: str          # hash of the fold inputs
    view: str              # hash of the view
    block: str             # hash of the graph block (file blocks/<hash>.nq)
    statements: int
    observations: int
    side: str = ""         # hash name of its shared and quoted lines (sides/<hash>.pkl)


@dataclass
class OutputRecord:
    size: int
    mtime_ns: int
    inode: int
    dataset: str           # content_id of the blocks it holds
    statements: int


@dataclass
class BuildState:
    root: Path                                   # the state folder
    sources_id: str
    version: str = ""
    files: dict[str, FileRecord] = field(default_factory=dict)
    reports: dict[str, ReportRecord] = field(default_factory=dict)
    shared_block: str = ""
    shared_statements: int = 0
    shared_multi_file: str = ""                  # counts of shared lines several reports hold
    quotes_file: str = ""                        # kg.graph.quotes.Quotes
    reach_file: str = ""                         # the policies' count lines (kg.graph.reach)
    outputs: dict[str, OutputRecord] = field(default_factory=dict)
    skeletons_file: str = ""                     # hash name of the fold-inputs file
    union_file: str = ""                         # hash name of the union counts file
    union_dataset: str = ""                      # the dataset those counts describe

    # ---- opening and saving ------------------------------------------------------------

    @classmethod
    def open(cls, cache_dir: str | os.PathLike[str], sources_id: str) -> "BuildState":
        root = Path(cache_dir) / STATE_DIR
        fresh = cls(root=root, sources_id=sources_id, version=graph_code_version())
        path = root / f"state-{sources_id}.pkl"
        try:
            old = quick_loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError, ImportError):
            return fresh
        if not isinstance(old, cls) or old.version != fresh.version:
            return fresh
        old.root = root
        return old

    def save(self) -> None:
        self.version = graph_code_version()
        data = pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)
        _write(self.root / f"state-{self.sources_id}.pkl", data)
        self.collect_garbage()

    def __getstate__(self):
        d = dict(self.__dict__)
        d.pop("root", None)
        return d

    # ---- files named by content ----------------------------------------------------------

    def block_path(self, block: str) -> Path:
        return self.root / "blocks" / f"{block}.nq"

    def put_block(self, data: bytes) -> str:
        name = hashlib.sha256(data).hexdigest()[:32]
        path = self.block_path(name)
        if not path.exists():
            _write(path, data)
        return name

    def read_block(self, block: str) -> bytes:
        return self.block_path(block).read_bytes()

    def has_block(self, block: str) -> bool:
        return bool(block) and self.block_path(block).is_file()

    def temp_path(self, name: str) -> Path:
        """A private file name in the state folder (for ``adopt_block``)."""
        (self.root / "blocks").mkdir(parents=True, exist_ok=True)
        return self.root / "blocks" / f".{name}.{os.getpid()}.part"

    def adopt_block(self, path: Path) -> str:
        """Move a block file written in place into the blocks folder, named by its hash."""
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        name = h.hexdigest()[:32]
        os.replace(path, self.block_path(name))
        return name

    def put_object(self, kind: str, obj: object, name: str | None = None) -> str:
        """Store ``obj`` as ``<kind>/<name>.pkl`` (name: given, or the hash of the pickle)."""
        return self.put_bytes(kind, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL), name)

    def put_bytes(self, kind: str, data: bytes, name: str | None = None) -> str:
        """Store a pickle made elsewhere as ``<kind>/<name>.pkl`` (name: given, or its hash)."""
        name = name or hashlib.sha256(data).hexdigest()[:32]
        path = self.root / kind / f"{name}.pkl"
        if not path.exists():
            _write(path, data)
        return name

    def get_object(self, kind: str, name: str):
        return quick_loads(self.get_bytes(kind, name))

    def get_bytes(self, kind: str, name: str) -> bytes:
        return (self.root / kind / f"{name}.pkl").read_bytes()

    def has_object(self, kind: str, name: str) -> bool:
        return bool(name) and (self.root / kind / f"{name}.pkl").is_file()

    def collect_garbage(self) -> None:
        """Remove blocks, views and tables no saved state refers to, and cached facts of
        texts no state holds or of another extractor version."""
        from kg.build import extractor_version

        wanted: dict[str, set[str]] = {"blocks": set(), "views": set(), "tables": set(), "sides": set()}
        digests: set[str] = set()
        for path in self.root.glob("state-*.pkl"):
            try:
                st = self if path.name == f"state-{self.sources_id}.pkl" else pickle.loads(path.read_bytes())
            except Exception:  # noqa: BLE001 - an unreadable state keeps nothing alive
                continue
            if not isinstance(st, BuildState):
                continue
            wanted["blocks"].update(r.block for r in st.reports.values())
            wanted["blocks"].add(st.shared_block)
            wanted["views"].update(r.view for r in st.reports.values())
            wanted["sides"].update(r.side for r in st.reports.values())
            wanted["tables"].update((st.skeletons_file, st.union_file, st.shared_multi_file, st.quotes_file,
                                      getattr(st, "reach_file", "")))
            digests.update(r.digest for r in st.reports.values())
        for kind, keep in wanted.items():
            folder = self.root / kind
            if not folder.is_dir():
                continue
            for f in folder.iterdir():
                if f.stem not in keep and not f.name.startswith("."):
                    f.unlink(missing_ok=True)
        facts = {f"{d}-{extractor_version()}.pkl" for d in digests}
        for f in self.root.parent.glob("*.pkl"):  # kg.build keeps facts as <digest>-<version>.pkl
            if FACTS_FILE.fullmatch(f.name) and f.name not in facts:
                f.unlink(missing_ok=True)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def file_stat(path: str | os.PathLike[str]) -> tuple[int, int, int]:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, st.st_ino
