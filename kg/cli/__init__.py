"""The `kg` command: a thin click layer; every command calls one library function."""
from __future__ import annotations

import click

from kg import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build, query, view and export knowledge graphs of Chinese government reports."""


def _register() -> None:
    # One module per command family; each defines click commands and adds them here.
    from kg.cli import build_cmd, graph_cmds, query_cmds, viz_cmds  # noqa: F401


_register()
