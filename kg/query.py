"""``kg query``: SPARQL over the local store or any SPARQL 1.1 endpoint, with named presets.

Local queries go straight to Oxigraph (opened read-only, so several readers can work at once)
on its default graph, which the store keeps equal to the set union of all document graphs
(see :mod:`kg.store`), with the project's prefixes
predeclared. With a timeout the query runs in a child process that is killed when time is up,
so a runaway query never keeps a core busy. Remote queries are form-encoded POSTs that ask for
SPARQL JSON results; both paths give the same :class:`QueryResult` of rdflib terms.

Parameters (``--param name=巫山县``) are bound by inserting ``VALUES (?name) { ("巫山县"@zh) }``
as the first element of the query's outermost ``WHERE`` group; see :func:`bind_params`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from .namespaces import PREFIXES
from .resources import ontology_path

FORMATS = ("table", "csv", "json")
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
                             "WITH"})
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class QueryError(Exception):
    """A query cannot be run; the message is one line that says why (and where, for syntax)."""


class QueryTimeout(QueryError):
    """The query ran longer than allowed and was stopped."""


class UpdateRefused(QueryError):
    """A SPARQL update was sent without ``--update``."""


@dataclass
class QueryResult:
    """Answers of one query: SELECT rows, an ASK boolean, or a CONSTRUCT/DESCRIBE graph."""

    kind: str  # "select" | "ask" | "graph" | "update"
    columns: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # rdflib terms or None, aligned with columns
    boolean: bool | None = None
    graph: Graph | None = None
    seconds: float = 0.0

    def dicts(self) -> list[dict]:
        """Rows as dicts of bound variables."""
        return [{c: v for c, v in zip(self.columns, r) if v is not None} for r in self.rows]


# -- presets -----------------------------------------------------------------------------------

@dataclass
class Preset:
    """A named query of ontology/queries/ with its header: title, description, parameters."""

    name: str
    path: Path
    title: str
    description: str
    params: dict[str, str]  # name → default value ("" = must be given)
    param_help: dict[str, str]
    text: str


_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$", re.IGNORECASE)
_PARAM = re.compile(r"^([A-Za-z_]\w*)\s*(?:=\s*([^|]*?))?\s*(?:\|\s*(.*))?$")


def _parse_preset(path: Path) -> Preset:
    text = path.read_text("utf-8")
    title, desc, params, helps = "", [], {}, {}
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            desc.append(value)
        else:
            pm = _PARAM.match(value)
            if pm:
                params[pm.group(1)] = (pm.group(2) or "").strip()
                helps[pm.group(1)] = (pm.group(3) or "").strip()
    return Preset(path.stem, path, title or path.stem, " ".join(desc), params, helps, text)


def list_presets() -> list[Preset]:
    """The preset queries shipped in ontology/queries/, sorted by name."""
    return [_parse_preset(p) for p in sorted(ontology_path("queries").glob("*.rq"))]


def load_preset(name: str) -> Preset:
    presets = {p.name: p for p in list_presets()}
    if name not in presets:
        raise QueryError(f"no preset named {name!r}; presets: {', '.join(sorted(presets))}")
    return presets[name]


# -- a light lexer: where code is, as opposed to comments, strings and IRIs ----------------------

_LEX = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
''', re.VERBOSE | re.DOTALL)


def code_mask(text: str) -> str:
    """``text`` with comments, strings and IRIs blanked (same length), to search for keywords safely."""
    return _LEX.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def query_form(text: str) -> str:
    """The first keyword after the prologue (SELECT, ASK, INSERT, ...), upper-case; '' if none."""
    tokens = re.findall(r"[A-Za-z_][\w.-]*:?|\S", code_mask(text))
    i = 0
    while i < len(tokens):
        tok = tokens[i].upper()
        if tok == "PREFIX":
            i += 2
            continue
        if tok == "BASE":
            i += 1
            continue
        return tok
    return ""


def is_update(text: str) -> bool:
    """True when the text is a SPARQL update (INSERT, DELETE, LOAD, CLEAR, DROP, ...)."""
    return query_form(text) in UPDATE_KEYWORDS


# -- parameters ------------------------------------------------------------------------------

def sparql_term(value: str) -> str:
    """A --param value as a SPARQL term.

    ``<iri>`` and ``prefix:local`` (a known prefix) stay IRIs; ``"..."`` / ``"..."@en`` /
    ``"..."^^xsd:int`` are taken as written; integers and decimals are numbers; any other text
    is a Chinese literal ``"text"@zh``, because labels in the graph are ``@zh``.
    """
    v = value.strip()
    if re.fullmatch(r"<[^<>\"{}|^`\\\x00-\x20]*>", v):
        return v
    m = re.fullmatch(r"([A-Za-z][\w.-]*)?:([^\s]*)", v)
    if m and (m.group(1) or "") in PREFIXES:
        return f"<{PREFIXES[m.group(1) or '']}{m.group(2)}>"
    if re.fullmatch(r"[+-]?\d+(\.\d+)?", v):
        return v
    if v.startswith(('"', "'")):
        return v
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"@zh'


def parse_params(items: list[str] | None) -> dict[str, str]:
    """``["name=巫山县", "limit=5"]`` → ``{"name": "巫山县", "limit": "5"}``."""
    out: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", key):
            raise QueryError(f"--param {item!r}: write it as NAME=VALUE, e.g. --param name=巫山县")
        out[key] = value
    return out


def bind_params(text: str, params: dict[str, str]) -> str:
    """Bind variables by a ``VALUES`` block placed first in the outermost WHERE group.

    Placed first, the binding drives the join (index lookups instead of a filter at the end),
    and it is inserted on the same line so error positions in the rest stay right.
    """
    if not params:
        return text
    mask = code_mask(text)
    for key in params:
        if not re.search(rf"[?$]{key}\b", mask):
            raise QueryError(f"--param {key}: the query has no variable ?{key}")
    where = re.search(r"\bWHERE\b", mask, re.IGNORECASE)
    start = where.end() if where else 0
    brace = mask.find("{", start)
    if brace < 0:
        raise QueryError("cannot bind --param: the query has no WHERE { … } group")
    names = " ".join(f"?{k}" for k in params)
    values = " ".join(sparql_term(v) for v in params.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    return text[: brace + 1] + block + text[brace + 1:]


# -- syntax --------------------------------------------------------------------------------

_POS = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def _syntax_message(exc: SyntaxError, text: str, what: str = "malformed SPARQL") -> str:
    msg = str(exc)
    m = _POS.search(msg)
    if not m:
        return f"{what}: {msg.splitlines()[0] if msg else 'syntax error'}"
    line, col, reason = int(m.group(1)), int(m.group(2)), m.group(3)
    lines = text.splitlines() or [""]
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    at_end = line >= len(lines) and col > len(src.rstrip())
    reason = " ".join(reason.split())
    if "Prefix not found" in reason:
        reason = "undeclared prefix"
    elif at_end:
        reason = "unexpected end of the query (a missing term or an unclosed bracket?)"
    elif reason.startswith("expected one of") and reason.count(",") > 6:
        reason = "unexpected text here"
    elif len(reason) > 120:
        reason = reason[:117] + "…"
    near = src[max(0, col - 21): col + 19].strip()
    return f"{what} at line {line}, column {col}" + (f" (near “{near}”)" if near else "") + f": {reason}"


def check_syntax(text: str) -> str:
    """Parse a query (never an update) and return its kind: select, ask or graph.

    Raises QueryError with the line and column of the first error.
    """
    import pyoxigraph as ox

    try:
        res = ox.Store().query(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(_syntax_message(exc, text)) from None
    if isinstance(res, ox.QueryBoolean):
        return "ask"
    if isinstance(res, ox.QueryTriples):
        return "graph"
    return "select"


def check_update_syntax(text: str) -> None:
    """Parse an update without running it (on a throwaway store, only when it touches no network)."""
    import pyoxigraph as ox

    if query_form(text) == "LOAD" or re.search(r"\bLOAD\b", code_mask(text), re.IGNORECASE):
        return  # LOAD would fetch a URL to "check" it; let the target report errors
    try:
        ox.Store().update(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(_syntax_message(exc, text, "malformed SPARQL update")) from None


# -- terms -------------------------------------------------------------------------------------

def _from_ox(term):
    """Oxigraph term → rdflib term (None stays None); the store's converter does the work."""
    from .store import from_ox

    return None if term is None else from_ox(term)


def _from_json(b: dict | None):
    if b is None:
        return None
    kind, value = b.get("type"), b.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = b.get("xml:lang")
        if lang:
            return Literal(value, lang=lang)
        dt = b.get("datatype")
        if dt and dt not in (str(XSD.string), _RDF_LANGSTRING):
            return Literal(value, datatype=URIRef(dt))
        return Literal(value)
    return Literal(json.dumps(b, ensure_ascii=False))


def parse_sparql_json(body: bytes | str) -> QueryResult:
    """SPARQL 1.1 JSON results → QueryResult."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise QueryError(f"the endpoint's answer is not SPARQL JSON results ({exc})") from None
    if "boolean" in data:
        return QueryResult("ask", boolean=bool(data["boolean"]))
    cols = list(data.get("head", {}).get("vars", []))
    rows = [tuple(_from_json(b.get(c)) for c in cols) for b in data.get("results", {}).get("bindings", [])]
    return QueryResult("select", cols, rows)


# -- running ---------------------------------------------------------------------------------

def _with_prefixes(text: str) -> str:
    """Predeclare the project's prefixes for a remote endpoint, on the query's first line."""
    decl = " ".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items())
    return f"{decl} {text}"


def _run_local(text: str, kind: str, out: Path) -> QueryResult:

    from .store import KGStore, StoreError

    try:
        kg = KGStore(out, read_only=True)
    except StoreError as exc:
        raise QueryError(str(exc)) from None
    try:
        try:
            res = kg.ox.query(text, prefixes=PREFIXES)
            if kind == "ask":
                return QueryResult("ask", boolean=bool(res))
            if kind == "graph":
                g = Graph()
                for t in res:
                    g.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))
                return QueryResult("graph", graph=g)
            cols = [v.value for v in res.variables]
            rows = [tuple(_from_ox(sol[i]) for i in range(len(cols))) for sol in res]
            return QueryResult("select", cols, rows)
        except OSError as exc:
            raise QueryError(f"{out}: the store failed while answering ({exc})") from None
    finally:
        kg.close()


def _run_worker(text: str, kind: str, out: Path, timeout: float) -> QueryResult:
    """Run the query in a child process and kill it when the time is up."""
    pkg_root = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = pkg_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    proc = subprocess.Popen([sys.executable, "-c", "from kg.query import _worker; _worker()"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    request = json.dumps({"query": text, "kind": kind, "out": str(out)}).encode("utf-8")
    try:
        stdout, stderr = proc.communicate(request, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise QueryTimeout(f"query timed out after {timeout:g} s") from None
    if proc.returncode != 0:
        lines = stderr.decode("utf-8", "replace").strip().splitlines()
        raise QueryError(lines[-1] if lines else f"query worker failed (exit status {proc.returncode})")
    if kind == "graph":
        g = Graph()
        g.parse(data=stdout.decode("utf-8"), format="nt")
        return QueryResult("graph", graph=g)
    return parse_sparql_json(stdout)


def _worker() -> None:
    """Child side of :func:`_run_worker`: one query from stdin, SPARQL JSON or N-Triples to stdout."""
    import pyoxigraph as ox

    req = json.loads(sys.stdin.buffer.read())
    try:
        store = ox.Store.read_only(str(Path(req["out"]) / "store"))
        res = store.query(req["query"], prefixes=PREFIXES)
        if req["kind"] == "graph":
            data = ox.serialize(res, format=ox.RdfFormat.N_TRIPLES)
        else:
            data = res.serialize(format=ox.QueryResultsFormat.JSON)
    except (OSError, SyntaxError) as exc:
        sys.stderr.write(f"{req['out']}: {exc}\n")
        raise SystemExit(1) from None
    sys.stdout.buffer.write(data or b"")


def _run_remote(text: str, kind: str, endpoint: str, timeout: float | None) -> QueryResult:
    from .endpoint import EndpointError, EndpointTimeout, sparql_post

    accept = "application/n-triples" if kind == "graph" else "application/sparql-results+json"
    try:
        body = sparql_post(endpoint, "query", _with_prefixes(text), accept, timeout=timeout)
    except EndpointTimeout:
        raise QueryTimeout(f"query timed out after {timeout:g} s") from None
    except EndpointError as exc:
        raise QueryError(str(exc)) from None
    if kind == "graph":
        g = Graph()
        try:
            g.parse(data=body.decode("utf-8"), format="nt")
        except Exception as exc:  # noqa: BLE001 - a bad answer is one line, not a traceback
            raise QueryError(f"{endpoint}: the answer is not N-Triples ({exc})") from None
        return QueryResult("graph", graph=g)
    return parse_sparql_json(body)


def _run_update(text: str, out: Path, endpoint: str | None, timeout: float | None) -> QueryResult:
    if endpoint:
        from .endpoint import EndpointError, EndpointTimeout, sparql_post, update_url

        try:
            sparql_post(update_url(endpoint), "update", _with_prefixes(text), "*/*", timeout=timeout)
        except EndpointTimeout:
            raise QueryTimeout(f"update timed out after {timeout:g} s") from None
        except EndpointError as exc:
            raise QueryError(str(exc)) from None
        return QueryResult("update")
    from .store import KGStore, StoreError

    if not (out / "store").is_dir():
        raise QueryError(f"{out}: no graph store here; run `kg build` first")
    try:
        kg = KGStore(out)
    except StoreError as exc:
        raise QueryError(str(exc)) from None
    try:
        kg.ox.update(text, prefixes=PREFIXES)
        kg.flush()
        kg.export(out / "kg.ttl", "ttl")  # kg.ttl stays the export of the store
    except SyntaxError as exc:
        raise QueryError(_syntax_message(exc, text, "malformed SPARQL update")) from None
    except OSError as exc:
        raise QueryError(f"{out}: the update failed ({exc})") from None
    finally:
        kg.close()
    return QueryResult("update")


def run_query(sparql: str, *, out: str | os.PathLike = "output", endpoint: str | None = None,
              params: dict[str, str] | None = None, timeout: float | None = None,
              update: bool = False) -> QueryResult:
    """Answer a SPARQL query from OUT's store, or from ``endpoint`` when given.

    Raises QueryError (one line: syntax errors name line and column), UpdateRefused for an
    update without ``update=True``, QueryTimeout when ``timeout`` seconds pass.

    Example::

        from kg.query import run_query, load_preset
        res = run_query(load_preset("entity").text, out="output", params={"name": "巫山县"})
        for row in res.dicts(): print(row["property"], row["value"])
    """
    out = Path(out)
    if timeout is not None and timeout <= 0:
        raise QueryError("--timeout must be a positive number of seconds")
    t0 = time.perf_counter()
    if is_update(sparql):
        if not update:
            raise UpdateRefused(f"this is a SPARQL update ({query_form(sparql)}); kg query only reads "
                                "unless you pass --update")
        text = bind_params(sparql, params or {})
        check_update_syntax(text)
        res = _run_update(text, out, endpoint, timeout)
        res.seconds = time.perf_counter() - t0
        return res
    kind = check_syntax(sparql)
    text = bind_params(sparql, params or {})
    if text is not sparql:
        try:
            check_syntax(text)
        except QueryError as exc:
            raise QueryError(f"a --param value is not a valid SPARQL term ({exc})") from None
    if endpoint:
        res = _run_remote(text, kind, endpoint, timeout)
    elif timeout is not None:
        res = _run_worker(text, kind, out, timeout)
    else:
        res = _run_local(text, kind, out)
    res.seconds = time.perf_counter() - t0
    return res


def run_preset(name: str, *, params: dict[str, str] | None = None, **kwargs) -> QueryResult:
    """Run a preset; its declared defaults fill the parameters not given."""
    preset = load_preset(name)
    params = dict(params or {})
    unknown = sorted(set(params) - set(preset.params))
    if unknown:
        have = ", ".join(preset.params) or "none"
        raise QueryError(f"preset {name!r} has no parameter {unknown[0]!r} (its parameters: {have})")
    merged = {k: params.get(k, v) for k, v in preset.params.items()}
    missing = [k for k, v in merged.items() if v == ""]
    if missing:
        raise QueryError(f"preset {name!r} needs --param {missing[0]}=VALUE")
    return run_query(preset.text, params=merged, **kwargs)


# -- output ----------------------------------------------------------------------------------

def display(term, short: bool = True) -> str:
    """A term as people read it: literals as written, IRIs with the project's prefixes."""
    if term is None:
        return ""
    if isinstance(term, URIRef) and short:
        s = str(term)
        best = max(((p, iri) for p, iri in PREFIXES.items() if s.startswith(iri)),
                   key=lambda x: len(x[1]), default=None)
        if best:
            from urllib.parse import unquote

            return f"{best[0]}:{unquote(s[len(best[1]):])}"
    return str(term)


def _json_value(term):
    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype is not None:
        v = term.toPython()
        if isinstance(v, bool):
            return v
        if isinstance(v, int):
            return v
        if isinstance(v, Decimal):
            return int(v) if v == v.to_integral_value() else float(v)
        if isinstance(v, float):
            return v
    return str(term)


def to_csv(res: QueryResult) -> str:
    """CSV with a header row (values as written, full IRIs), for scripts and spreadsheets."""
    if res.kind == "graph":
        return res.graph.serialize(format="nt") if res.graph is not None else ""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if res.kind == "ask":
        w.writerow(["boolean"])
        w.writerow(["true" if res.boolean else "false"])
    elif res.kind == "select":
        w.writerow(res.columns)
        for row in res.rows:
            w.writerow(["" if v is None else str(v) for v in row])
    return buf.getvalue()


def to_json(res: QueryResult) -> str:
    """A JSON array of row objects (numbers as numbers), or {"boolean": …}; UTF-8, not escaped."""
    if res.kind == "graph":
        return res.graph.serialize(format="json-ld") if res.graph is not None else "[]"
    if res.kind == "ask":
        return json.dumps({"boolean": res.boolean})
    if res.kind == "update":
        return json.dumps({"update": "done"})
    rows = [{c: _json_value(v) for c, v in zip(res.columns, r) if v is not None} for r in res.rows]
    return json.dumps(rows, ensure_ascii=False, indent=2)


__all__ = [
    "FORMATS",
    "Preset",
    "QueryError",
    "QueryResult",
    "QueryTimeout",
    "UpdateRefused",
    "bind_params",
    "check_syntax",
    "display",
    "is_update",
    "list_presets",
    "load_preset",
    "parse_params",
    "run_preset",
    "run_query",
    "sparql_term",
    "to_csv",
    "to_json",
]
