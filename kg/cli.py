"""The ``kg`` command line: thin verbs over the Python API (``kg.build``, ``kg.query`` …)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    help="fupin-kg: build, query and view knowledge graphs of Chinese poverty-alleviation news.\n\n"
    "Example:\n\n    kg build seeds/ && kg query --preset employers",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
console = Console()
err = Console(stderr=True)

OUT_HELP = "The folder that `kg build` wrote (kg.ttl, graph.html, store/)."


def fail(message: str, code: int = 1) -> None:
    """Print one clear line on stderr and exit (never a traceback)."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)  # one line
    raise typer.Exit(code)


@app.command()
def build(
    paths: list[Path] = typer.Argument(..., help="Files or folders of articles (.txt .md .html .jsonl)."),
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder."),
    store: str = typer.Option("oxigraph", help="Graph store: oxigraph (on disk, default) or memory."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Start from an empty store."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0,
                                         help="Drop relations below this confidence."),
    view: bool = typer.Option(True, "--view/--no-view", help="Also write graph.html."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Build the knowledge graph of a folder of articles.

    Writes OUT/kg.ttl (Turtle), OUT/graph.html (viewer) and the store OUT/store/. Run it again
    on the same folder and only new or changed files are read again.

    Example:

        kg build seeds/ --out output
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from .build import build as run_build
    from .store import StoreError

    try:
        with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                      TextColumn("{task.completed} docs"), TimeElapsedColumn(),
                      console=err, transient=True, disable=as_json or not err.is_terminal) as bar:
            task = bar.add_task("extracting", total=None)
            report = run_build([str(p) for p in paths], out=out, store=store, rebuild=rebuild,
                               min_confidence=min_confidence, view=view,
                               progress=lambda path, n: bar.advance(task))
    except StoreError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted; the previous output is intact, run `kg build` again to carry on", 130)
    for s in report.skipped:
        err.print(f"skipped {s.path}: {s.reason}", highlight=False, markup=False)
    for s in report.failed:
        err.print(f"failed {s.path}: {s.reason}", highlight=False, markup=False)
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        t = Table(title=f"kg build → {out}", show_header=True)
        t.add_column("what")
        t.add_column("count", justify="right")
        t.add_row("documents extracted", str(report.documents))
        t.add_row("documents unchanged", str(report.unchanged))
        if report.removed:
            t.add_row("documents removed", str(report.removed))
        t.add_row("skipped / failed", f"{len(report.skipped)} / {len(report.failed)}")
        for cls, n in sorted(report.entities.items()):
            t.add_row(f"entities: {cls}", str(n))
        for p, n in sorted(report.relations.items()):
            t.add_row(f"relations: {p}", str(n))
        t.add_row("triples", str(report.triples))
        t.add_row("seconds", f"{report.seconds:.2f}")
        console.print(t)
        console.print(f"Turtle: {report.ttl}")
        if report.html:
            console.print(f"Viewer: {report.html}")
    if report.failed or report.skipped:
        raise typer.Exit(2 if report.documents or report.unchanged else 1)


@app.command()
def export(
    fmt: str = typer.Option("ttl", "--format", "-f", help="ttl, nt, trig, nq or jsonld."),
    out: Path = typer.Option(Path("output"), "--out", help=OUT_HELP),
    file: Optional[Path] = typer.Option(None, "--file", help="Write here (default: stdout)."),
) -> None:
    """Export the graph in an RDF syntax.

    Example:

        kg export --format jsonld --file kg.jsonld
    """
    from .store import KGStore, StoreError

    try:
        kg = KGStore(out, read_only=True)
        data = kg.serialize(fmt)
        kg.close()
    except StoreError as exc:
        fail(str(exc))
    if file is None:
        sys.stdout.buffer.write(data)
    else:
        from .store import atomic_write_bytes

        atomic_write_bytes(file, data)
        err.print(f"wrote {file}")


def main() -> None:  # pragma: no cover - console entry
    app()
