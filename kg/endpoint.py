"""Talking to SPARQL servers: an HTTP client, ``kg push`` (Graph Store Protocol) and ``kg serve``.

Plain ``urllib`` keeps it dependency-free and speaks what every SPARQL 1.1 server speaks
(Oxigraph, Jena Fuseki, GraphDB, Virtuoso): form-encoded POSTs to the query/update endpoint, and
PUT/POST of Turtle to ``URL?graph=IRI`` or ``URL?default`` for the Graph Store Protocol. Every
failure becomes an :class:`EndpointError` with one line that names the URL and what went wrong.
"""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from functools import partial
from pathlib import Path

USER_AGENT = "fupin-kg"


class EndpointError(Exception):
    """A SPARQL server could not be reached or refused a request (one-line message)."""


class EndpointTimeout(EndpointError):
    """The server did not answer within the time allowed."""


def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"{url}: not an http(s) URL (example: http://127.0.0.1:7878/query)")


def http_request(url: str, *, method: str = "GET", data: bytes | None = None,
                 headers: dict[str, str] | None = None, timeout: float | None = None) -> tuple[int, bytes]:
    """One HTTP request; returns (status, body) or raises EndpointError with a one-line reason."""
    _check_url(url)
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace").strip()
        first = body.splitlines()[0][:300] if body else ""
        raise EndpointError(f"{url}: HTTP {exc.code} {exc.reason}" + (f": {first}" if first else "")) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise EndpointTimeout(f"{url}: no answer within {timeout:g} s") from None
        if isinstance(reason, ConnectionRefusedError):
            raise EndpointError(f"{url}: connection refused (is the SPARQL server running?)") from None
        if isinstance(reason, socket.gaierror):
            raise EndpointError(f"{url}: unknown host ({reason.strerror})") from None
        raise EndpointError(f"{url}: cannot connect ({reason})") from None
    except TimeoutError:
        raise EndpointTimeout(f"{url}: no answer within {timeout:g} s") from None
    except OSError as exc:
        raise EndpointError(f"{url}: {exc.strerror or exc}") from None


def sparql_post(url: str, field: str, text: str, accept: str, timeout: float | None = None) -> bytes:
    """POST a query (``field="query"``) or an update (``field="update"``) form-encoded."""
    data = urllib.parse.urlencode({field: text}).encode("utf-8")
    _status, body = http_request(url, method="POST", data=data, timeout=timeout, headers={
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": accept})
    return body


def update_url(query_url: str) -> str:
    """The update endpoint next to a query endpoint (Oxigraph and Fuseki: …/query → …/update)."""
    parts = urllib.parse.urlsplit(query_url)
    path = parts.path
    if path.endswith("/query"):  # elsewhere (…/sparql) one URL takes both
        path = path[: -len("query")] + "update"
    return urllib.parse.urlunsplit(parts._replace(path=path))


# -- kg push ---------------------------------------------------------------------------------

@dataclass
class PushReport:
    url: str
    graph: str | None
    bytes: int
    triples: int
    seconds: float
    status: int


def gsp_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store Protocol URL for a named graph (``?graph=IRI``) or the default graph."""
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    if graph:
        return f"{endpoint}{sep}graph={urllib.parse.quote(graph, safe='')}"
    return f"{endpoint}{sep}default"


def push(out: str | os.PathLike = "output", endpoint: str = "", graph: str | None = None, *,
         replace: bool = True, timeout: float | None = 300.0) -> PushReport:
    """Load OUT's graph into a Graph Store Protocol endpoint (PUT replaces the graph, POST adds).

    Example::

        from kg.endpoint import push
        push("output", "http://127.0.0.1:7878/store")               # the default graph
        push("output", "http://localhost:3030/ds/data", graph="https://example.org/fupin")
    """
    from .store import KGStore, StoreError

    _check_url(endpoint)
    out = Path(out)
    ttl = out / "kg.ttl"
    if ttl.is_file():
        data = ttl.read_bytes()
    else:
        try:
            kg = KGStore(out, read_only=True)
        except StoreError as exc:
            raise EndpointError(str(exc)) from None
        try:
            data = kg.serialize("ttl")
        finally:
            kg.close()
    triples = _count_triples(data)
    url = gsp_url(endpoint, graph)
    t0 = time.perf_counter()
    status, _ = http_request(url, method="PUT" if replace else "POST", data=data, timeout=timeout,
                             headers={"Content-Type": "text/turtle; charset=utf-8"})
    return PushReport(url, graph, len(data), triples, time.perf_counter() - t0, status)


def _count_triples(turtle: bytes) -> int:
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(turtle, format=ox.RdfFormat.TURTLE))


# -- kg serve --------------------------------------------------------------------------------

def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary: next to this Python (a venv's bin/) or on PATH."""
    here = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if here.is_file():
        return str(here)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise EndpointError("the oxigraph server binary is not installed (pip install 'oxigraph>=0.5,<0.6')")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_for_port(host: str, port: int, proc: subprocess.Popen | None = None, timeout: float = 20.0) -> None:
    """Wait until something listens on host:port; fail early if ``proc`` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            err = (proc.stderr.read().decode("utf-8", "replace").strip() if proc.stderr else "")
            last = err.splitlines()[-1] if err else f"exit status {proc.returncode}"
            raise EndpointError(f"the SPARQL server stopped at start: {last}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise EndpointError(f"nothing listens on {host}:{port} after {timeout:g} s")


def start_oxigraph(location: str | os.PathLike | None, host: str = "127.0.0.1", port: int = 7878, *,
                   read_only: bool = True, union_default_graph: bool = False,
                   timeout_s: float | None = None) -> subprocess.Popen:
    """Start ``oxigraph serve[-read-only]`` and return once it listens (the caller stops it)."""
    cmd = [oxigraph_binary(), "serve-read-only" if (read_only and location) else "serve"]
    if location:
        cmd += ["--location", str(location)]
    cmd += ["--bind", f"{host}:{port}"]
    if union_default_graph:
        cmd.append("--union-default-graph")
    if timeout_s:
        cmd += ["--timeout-s", str(int(timeout_s))]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(host, port, proc)
    except BaseException:
        stop(proc)
        raise
    return proc


def stop(proc: subprocess.Popen, grace: float = 5.0) -> None:
    """Stop a server process we started: terminate, then kill if it lingers."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stderr:
        proc.stderr.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def start_viewer_server(directory: str | os.PathLike, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """Serve the output folder (graph.html, kg.ttl) over HTTP in a daemon thread."""
    handler = partial(_QuietHandler, directory=str(directory))
    try:
        httpd = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise EndpointError(f"cannot serve the viewer on {host}:{port}: {exc.strerror or exc}") from None
    threading.Thread(target=httpd.serve_forever, name="kg-viewer", daemon=True).start()
    return httpd


@dataclass
class Served:
    """What ``serve`` started; ``close()`` stops both servers."""

    proc: subprocess.Popen
    viewer: http.server.ThreadingHTTPServer | None
    query_url: str
    update_url: str | None
    ui_url: str
    viewer_url: str | None

    def close(self) -> None:
        if self.viewer is not None:
            self.viewer.shutdown()
            self.viewer.server_close()
        stop(self.proc)


def serve(out: str | os.PathLike = "output", host: str = "127.0.0.1", port: int = 7878,
          viewer_port: int | None = None, timeout_s: float | None = None) -> Served:
    """Start a read-only SPARQL endpoint over OUT/store and an HTTP server for OUT/graph.html.

    The store's default graph is the set union of its document graphs (kept so by
    :mod:`kg.store`), so the same queries work as on the local store.

    Example::

        served = serve("output", port=7878)
        print(served.query_url)    # http://127.0.0.1:7878/query
        served.close()
    """
    out = Path(out)
    if not (out / "store").is_dir():
        raise EndpointError(f"{out}: no graph store here; run `kg build` first")
    proc = start_oxigraph(out / "store", host, port, read_only=True, timeout_s=timeout_s)
    base = f"http://{host}:{port}"
    viewer = None
    viewer_url = None
    if (out / "graph.html").is_file():
        vport = viewer_port if viewer_port is not None else port + 1
        try:
            viewer = start_viewer_server(out, host, vport)
        except EndpointError:
            stop(proc)
            raise
        viewer_url = f"http://{host}:{viewer.server_address[1]}/graph.html"
    return Served(proc, viewer, f"{base}/query", None, f"{base}/", viewer_url)


__all__ = [
    "EndpointError",
    "EndpointTimeout",
    "PushReport",
    "Served",
    "free_port",
    "gsp_url",
    "http_request",
    "oxigraph_binary",
    "push",
    "serve",
    "sparql_post",
    "start_oxigraph",
    "stop",
    "update_url",
]
