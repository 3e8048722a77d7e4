"""The ``kg`` command line: thin verbs over the Python API (``kg.build``, ``kg.query`` …)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
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
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code)


@app.command()
def build(
    paths: list[Path] = typer.Argument(..., help="Files or folders of articles (.txt .md .html .jsonl)."),
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder."),
    store: str = typer.Option("oxigraph", help="Graph store: oxigraph (on disk, default) or memory."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Start from an empty store."),
    min_confidence: float = typer.Option(0.3, "--min-confidence", min=0.0, max=1.0,
                                         help="Leave out relations below this confidence (0 keeps every guess)."),
    view: bool = typer.Option(True, "--view/--no-view", help="Also write graph.html."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    workers: int = typer.Option(0, "--workers", min=0,
                                help="Extract in N local processes (a Dask LocalCluster); 0: in this process."),
    scheduler: str | None = typer.Option(None, "--scheduler", metavar="tcp://HOST:PORT",
                                            help="Extract on an existing Dask cluster (workers need "
                                            "`pip install fupin-kg`)."),
) -> None:
    """Build the knowledge graph of a folder of articles.

    Writes OUT/kg.ttl (Turtle), OUT/graph.html (viewer) and the store OUT/store/. Run it again
    on the same folder and only new or changed files are read again.

    Example:

        kg build seeds/ --out output

        kg build corpus/ --workers 2     (or --scheduler tcp://10.0.0.5:8786)
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from .build import build as run_build
    from .distributed import DistributedError
    from .store import StoreError

    if workers and scheduler:
        fail("give either --workers or --scheduler, not both")
    try:
        with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                      TextColumn("{task.completed} docs"), TimeElapsedColumn(),
                      console=err, transient=True, disable=as_json or not err.is_terminal) as bar:
            task = bar.add_task("extracting", total=None)
            report = run_build([str(p) for p in paths], out=out, store=store, rebuild=rebuild,
                               min_confidence=min_confidence, view=view,
                               progress=lambda path, n: bar.advance(task),
                               workers=workers, scheduler=scheduler)
    except StoreError as exc:
        fail(str(exc))
    except DistributedError as exc:  # a Dask cluster that cannot be used
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted; the previous output is intact, run `kg build` again to carry on", 130)
    for s in report.skipped:
        err.print(f"skipped {s.path}: {s.reason}", highlight=False, markup=False, soft_wrap=True)
    for s in report.failed:
        err.print(f"failed {s.path}: {s.reason}", highlight=False, markup=False, soft_wrap=True)
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
    file: Path | None = typer.Option(None, "--file", help="Write here (default: stdout)."),
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


GOLD_DIR = Path("tests/gold/dev")


@app.command("eval")
def eval_(
    ttl: Annotated[Path, typer.Argument(help="The Turtle file `kg build` wrote.")] = Path("output/kg.ttl"),
    gold: Annotated[Path, typer.Option("--gold", "-g", help="Folder of gold *.json files.")] = GOLD_DIR,
    show_errors: Annotated[int, typer.Option(
        "--show-errors", min=0, help="List up to N missed and N spurious items per document.")] = 0,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Score a built graph against gold annotations (strict and lenient P/R/F1).

    Example:

        kg eval output/kg.ttl --gold tests/gold/dev --show-errors 5
    """
    from .eval import EvalError, evaluate, render_table

    if fmt not in ("table", "json"):
        fail(f"--format must be table or json, not {fmt!r}")
    try:
        report = evaluate(ttl, gold, max_errors=show_errors)
    except EvalError as exc:
        fail(str(exc))
    if fmt == "json":
        data = report.as_dict()
        if not show_errors:
            data.pop("errors")
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        render_table(report, console, show_errors)

@app.command()
def view(
    out: Path = typer.Option(Path("output"), "--out", help=OUT_HELP),
    file: Path | None = typer.Option(None, "--file", help="Write the page here (default: OUT/graph.html, "
                                        "or OUT/view.html for a reduced view)."),
    open_: bool = typer.Option(False, "--open", help="Open the page in the default browser."),
    focus: str | None = typer.Option(None, "--focus", help="Only this entity (any of its names) and its neighbourhood."),
    hops: int = typer.Option(2, "--hops", min=0, help="How many steps around --focus."),
    top: int | None = typer.Option(None, "--top", min=1, help="Only the N most connected entities."),
    classes: list[str] | None = typer.Option(None, "--class", help="Only entities of this class "
                                                "(Enterprise or 企业 …); repeat for several."),
    predicates: list[str] | None = typer.Option(None, "--predicate", help="Only relations of this predicate "
                                                   "(employs or 吸纳就业 …); repeat for several."),
) -> None:
    """Write the interactive graph viewer: one HTML file that works offline.

    Search any name or alias, filter by class and relation, click an entity for its relations and
    the sentences and documents they come from. Big graphs get a precomputed layout; a graph too
    big to draw is cut to its best-connected entities, with a message.

    Example:

        kg view --out output --focus 巫山县 --hops 2 --open
    """
    from .store import KGStore, StoreError
    from .view import ViewError, reduce_view, view_graph, write_view

    reduced = bool(focus or top or classes or predicates)
    target = file or (out / ("view.html" if reduced else "graph.html"))
    try:
        kg = KGStore(out, read_only=True)
        try:
            vg = view_graph(kg)
        finally:
            kg.close()
        vg = reduce_view(vg, focus=focus, hops=hops, top=top, classes=classes, predicates=predicates)
        info: list = []
        path = write_view(vg, target, info=info)
    except (StoreError, ViewError) as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{target}: cannot write the page ({exc.strerror or exc})")
    r = info[0]
    err.print(f"{r.nodes} entities, {r.edges} relations (layout {r.layout_seconds:.1f} s)"
              + (" — reduced: too many to draw" if r.reduced else ""), highlight=False, markup=False)
    console.print(f"Viewer: {path}", highlight=False, markup=False)
    if open_:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())


@app.command()
def stats(
    out: Path = typer.Option(Path("output"), "--out", help=OUT_HELP),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    top: int = typer.Option(10, "--top", min=1, help="How many leaders and communities to list."),
) -> None:
    """Figures about the graph: counts, most connected entities, brokers, components, communities.

    Example:

        kg stats --out output --format json
    """
    from .stats import graph_stats
    from .store import KGStore, StoreError

    if fmt not in ("table", "json"):
        fail(f"unknown format {fmt!r}; choose table or json")
    try:
        kg = KGStore(out, read_only=True)
        try:
            s = graph_stats(kg, top=top)
        finally:
            kg.close()
    except StoreError as exc:
        fail(str(exc))
    if fmt == "json":
        print(json.dumps(s, ensure_ascii=False, indent=2))
        return
    from .view import CLASS_STYLE, PREDICATE_ZH

    t = Table(title=f"kg stats — {out}")
    t.add_column("what")
    t.add_column("count", justify="right")
    for key in ("entities", "relations", "statements", "documents"):
        t.add_row(key, str(s[key]))
    for c, k in s["by_class"].items():
        t.add_row(f"  {CLASS_STYLE[c][0]} {c}", str(k))
    for p, k in s["by_predicate"].items():
        t.add_row(f"  {PREDICATE_ZH[p]} {p}", str(k))
    comp = s["components"]
    t.add_row("connected components", f"{comp['count']} (largest {comp['largest'][:1]}, isolated {comp['isolated']})")
    t.add_row("communities (Louvain)", f"{s['community_count']} (modularity {s['modularity']})")
    console.print(t)
    for title, key, val in (("Most connected (degree)", "degree_leaders", "degree"),
                            ("Brokers (betweenness" + (", sampled" if s["betweenness_sampled"] else "") + ")",
                             "betweenness_leaders", "betweenness")):
        lt = Table(title=title)
        for col in ("entity", "class", val):
            lt.add_column(col)
        for row in s[key]:
            lt.add_row(row["label"], CLASS_STYLE[row["class"]][0], str(row[val]))
        console.print(lt)
    ct = Table(title="Communities")
    for col in ("#", "size", "main entities"):
        ct.add_column(col)
    for c in s["communities"]:
        ct.add_row(str(c["id"]), str(c["size"]), "、".join(m["label"] for m in c["main"]))
    console.print(ct)

# -- query, validate, push, serve (kg/query.py, kg/validate.py, kg/endpoint.py) --------------------

def _die(message: str, code: int = 1) -> None:
    """Like ``fail`` but never wraps: the error stays one line whatever the terminal width."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _preset_list() -> None:
    from .query import list_presets

    t = Table(title="kg query --preset NAME", show_header=True)
    t.add_column("name", no_wrap=True)
    t.add_column("question")
    t.add_column("parameters")
    for p in list_presets():
        params = ", ".join(f"{k}={v}" if v else k for k, v in p.params.items())
        t.add_row(p.name, f"{p.title}\n{p.description}", params)
    console.print(t)


def _print_table(res, title: str | None) -> None:
    from .query import display

    if res.kind == "ask":
        console.print("true" if res.boolean else "false")
        return
    if res.kind == "graph":
        sys.stdout.write(res.graph.serialize(format="turtle"))
        return
    if res.kind == "update":
        err.print(f"update done in {res.seconds * 1000:.0f} ms")
        return
    t = Table(title=title, show_header=True, show_lines=False)
    for c in res.columns:
        t.add_column(c, overflow="fold")
    for row in res.rows:
        t.add_row(*(display(v) for v in row))
    console.print(t)
    err.print(f"{len(res.rows)} rows in {res.seconds * 1000:.0f} ms", highlight=False)


@app.command()
def query(
    sparql: Annotated[str | None, typer.Argument(
        help="A SPARQL query (prefixes fp:, fpr:, rdfs:, prov:, skos:, dcterms: … are predeclared).")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from a .rq file.")] = None,
    preset: Annotated[str | None, typer.Option("--preset", "-p",
                                               help="Run a named preset (see --list-presets).")] = None,
    fmt: Annotated[str, typer.Option("--format",
                                     help="table (for people), csv or json (for scripts).")] = "table",
    out: Annotated[Path, typer.Option("--out", help=OUT_HELP)] = Path("output"),
    endpoint: Annotated[str | None, typer.Option(
        "--endpoint", help="Ask this SPARQL 1.1 endpoint instead of the local store, "
        "e.g. http://127.0.0.1:7878/query.")] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", help="NAME=VALUE: bind ?NAME (text becomes \"VALUE\"@zh; <iri>, fp:x, numbers and "
        "\"quoted\"@lang are kept). Repeatable.")] = None,
    update: Annotated[bool, typer.Option(
        "--update", help="Allow SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP…); locally kg.ttl is "
        "written again afterwards.")] = False,
    timeout: Annotated[float | None, typer.Option("--timeout",
                                                  help="Stop the query after this many seconds.")] = None,
    list_presets_: Annotated[bool, typer.Option("--list-presets", help="List the presets and exit.")] = False,
) -> None:
    """Ask the graph a SPARQL question: the local store, or any SPARQL endpoint.

    Parameters are bound by a VALUES block placed first in the query's outermost WHERE group,
    so ``--param name=巫山县`` makes ``?name`` the literal "巫山县"@zh.

    Example:

    \b
        kg query --preset employers
        kg query --preset entity --param name=巫山县 --format csv
        kg query "SELECT ?l WHERE { ?e a fp:Enterprise ; rdfs:label ?l }" --out output
    """
    from .query import FORMATS, QueryError, load_preset, parse_params, run_query, to_csv, to_json

    if list_presets_:
        _preset_list()
        return
    if fmt not in FORMATS:
        _die(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    given = [x for x in (sparql, file, preset) if x]
    if len(given) != 1:
        _die("give exactly one of: a SPARQL query, --file Q.rq or --preset NAME (kg query --list-presets)")
    title = None
    try:
        params = parse_params(param)
        if preset:
            p = load_preset(preset)
            unknown = sorted(set(params) - set(p.params))
            if unknown:
                _die(f"preset {preset!r} has no parameter {unknown[0]!r} (its parameters: "
                     f"{', '.join(p.params) or 'none'})")
            params = {k: params.get(k, v) for k, v in p.params.items()}
            text, title = p.text, p.title
        elif file:
            try:
                text = file.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                _die(f"{file}: cannot read the query ({getattr(exc, 'strerror', None) or exc})")
        else:
            text = sparql
        res = run_query(text, out=out, endpoint=endpoint, params=params, timeout=timeout, update=update)
    except QueryError as exc:
        _die(str(exc))
    except KeyboardInterrupt:
        _die("interrupted", 130)
    if fmt == "csv":
        sys.stdout.write(to_csv(res))
    elif fmt == "json":
        sys.stdout.write(to_json(res) + "\n")
    else:
        _print_table(res, title)


@app.command()
def validate(
    out: Annotated[Path, typer.Option("--out", help=OUT_HELP)] = Path("output"),
    file: Annotated[Path | None, typer.Option(
        "--file", help="Validate this RDF file instead of OUT/kg.ttl.")] = None,
    shapes: Annotated[Path | None, typer.Option(
        "--shapes", help="Other SHACL shapes (default: ontology/shapes.ttl).")] = None,
) -> None:
    """Check the graph against the output contract (SHACL, with pySHACL); exit 1 if it does not conform.

    Example:

    \b
        kg validate --out output
    """
    from .validate import COLUMNS, ValidationError
    from .validate import validate as run_validate

    path = file or out / "kg.ttl"
    try:
        conforms, rows = run_validate(path, shapes)
    except ValidationError as exc:
        _die(str(exc))
    if conforms:
        console.print(f"[green]conforms[/]: {path} keeps the output contract", highlight=False)
        return
    t = Table(show_header=True)
    for c in COLUMNS:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*(r[c] for c in COLUMNS))
    console.print(t)
    console.print(f"{len(rows)} violations: {path} does not keep the output contract", highlight=False,
                  soft_wrap=True)
    raise typer.Exit(1)


@app.command()
def push(
    endpoint: Annotated[str, typer.Option(
        "--endpoint", help="Graph Store Protocol URL: Oxigraph …/store, Fuseki …/DATASET/data, "
        "GraphDB …/repositories/REPO/rdf-graphs/service.")],
    graph: Annotated[str | None, typer.Option(
        "--graph", help="Load into this named graph (default: the default graph).")] = None,
    out: Annotated[Path, typer.Option("--out", help=OUT_HELP)] = Path("output"),
    append: Annotated[bool, typer.Option(
        "--append", help="Add to the graph (POST) instead of replacing it (PUT).")] = False,
) -> None:
    """Load the graph (OUT/kg.ttl) into a SPARQL server over the Graph Store Protocol.

    Example:

    \b
        kg push --endpoint http://127.0.0.1:7878/store
        kg push --endpoint http://localhost:3030/fupin/data --graph https://w3id.org/fupin-kg/id/graph/all
    """
    from .endpoint import EndpointError
    from .endpoint import push as run_push

    try:
        rep = run_push(out, endpoint, graph, replace=not append)
    except EndpointError as exc:
        _die(str(exc))
    target = f"graph <{graph}>" if graph else "the default graph"
    console.print(f"pushed {rep.triples} triples ({rep.bytes / 1024:.0f} KiB) to {target} of {endpoint} "
                  f"in {rep.seconds:.2f} s (HTTP {rep.status})", highlight=False, soft_wrap=True)


@app.command()
def serve(
    port: Annotated[int, typer.Option(
        "--port", help="SPARQL endpoint port; the viewer uses the next one.")] = 7878,
    host: Annotated[str, typer.Option(
        "--host", help="Interface to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    out: Annotated[Path, typer.Option("--out", help=OUT_HELP)] = Path("output"),
    viewer_port: Annotated[int | None, typer.Option(
        "--viewer-port", help="Port of the viewer (default PORT+1; 0 lets the system choose).")] = None,
    timeout: Annotated[float | None, typer.Option(
        "--timeout", help="Stop any query after this many seconds.")] = None,
) -> None:
    """Serve the built graph: a read-only SPARQL endpoint (Oxigraph) and the viewer, until Ctrl-C.

    Example:

    \b
        kg serve --out output --port 7878
        kg query --preset employers --endpoint http://127.0.0.1:7878/query
    """
    import signal
    import time

    from .endpoint import EndpointError
    from .endpoint import serve as run_serve

    try:
        served = run_serve(out, host=host, port=port, viewer_port=viewer_port, timeout_s=timeout)
    except EndpointError as exc:
        _die(str(exc))
    console.print(f"SPARQL endpoint: {served.query_url}", highlight=False)
    console.print(f"SPARQL editor:   {served.ui_url}", highlight=False)
    if served.viewer_url:
        console.print(f"Viewer:          {served.viewer_url}", highlight=False)
    err.print("Ctrl-C to stop", highlight=False)

    def _on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _on_term)  # `kill PID` stops the server we started, too
    try:
        while served.proc.poll() is None:
            time.sleep(0.5)
        err.print(f"the SPARQL server stopped (exit status {served.proc.returncode})")
        served.close()
        raise typer.Exit(1)
    except KeyboardInterrupt:
        served.close()
        err.print("stopped")


def main() -> None:  # pragma: no cover - console entry
    app()
