"""Stage 1, read: files and folders → ``Document`` objects (or ``Skipped`` with a reason).

Reads ``.txt``/``.md`` (UTF-8, UTF-16 with BOM, GB18030/GBK detected), ``.html`` (visible text
only) and ``.jsonl`` (one article a line: id, title, text). Folders are read recursively,
symlink loops are cut, and nothing here raises on bad input: a problem becomes a ``Skipped``.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

from .types import Document, Skipped

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

#: Files above this size are refused, so one huge file cannot exhaust memory.
MAX_BYTES = 200 * 1024 * 1024


class ReadError(Exception):
    """A file that cannot be turned into text; the message is the one-line reason."""


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Skipped]:
    """Yield every supported file under ``paths`` (recursively, sorted), or why one is skipped."""
    seen_dirs: set[tuple[int, int]] = set()
    for raw in paths:
        p = Path(raw)
        if not p.exists() and not p.is_symlink():
            yield Skipped(str(p), "no such file or folder")
            continue
        if p.is_dir():
            yield from _walk(p, seen_dirs)
        else:
            yield from _one(p)


def _one(p: Path) -> Iterator[Path | Skipped]:
    if not p.exists():
        yield Skipped(str(p), "broken symbolic link")
    elif not p.is_file():
        yield Skipped(str(p), "not a regular file")
    elif p.suffix.lower() not in SUPPORTED:
        yield Skipped(str(p), f"unsupported file type {p.suffix or '(no extension)'!r}; "
                      "expected .txt, .md, .html or .jsonl")
    else:
        yield p


def _walk(root: Path, seen: set[tuple[int, int]]) -> Iterator[Path | Skipped]:
    try:
        st = root.stat()
    except OSError as exc:
        yield Skipped(str(root), f"cannot open folder ({exc.strerror or exc})")
        return
    ident = (st.st_dev, st.st_ino)
    if ident in seen:
        yield Skipped(str(root), "folder already read (symbolic link loop)")
        return
    seen.add(ident)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        yield Skipped(str(root), f"cannot list folder ({exc.strerror or exc})")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()  # follows symlinks; loops are caught by ``seen``
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, seen)
        elif path.suffix.lower() in SUPPORTED or entry.is_symlink():
            yield from _one(path)
        # other files in a folder (images, PDFs) are not articles: ignored silently


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding). UTF-8 first, then BOMs, then GB18030; refuse binary data."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF32_LE, "utf-32")):
        if data.startswith(bom) and not (bom == codecs.BOM_UTF16_LE and data.startswith(codecs.BOM_UTF32_LE)):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise ReadError(f"invalid {enc} text at byte {exc.start}") from None
    if data.startswith(codecs.BOM_UTF32_LE):
        try:
            return data.decode("utf-32"), "utf-32"
        except UnicodeDecodeError as exc:
            raise ReadError(f"invalid utf-32 text at byte {exc.start}") from None
    if _looks_binary(data):
        raise ReadError("binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        pass
    try:
        text = data.decode("gb18030")
        if _cjk_share(text) > 0.05 or not any(b > 0x7F for b in data[:4096]):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:1_000_000]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding, errors="replace"), best.encoding
    except Exception:  # noqa: BLE001 - detection is best effort
        pass
    raise ReadError(f"not valid UTF-8 or GB18030 text (bad byte at offset {utf8_error.start})")


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 0x20 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > 0.05


def _cjk_share(text: str) -> float:
    sample = text[:5000]
    if not sample:
        return 0.0
    return sum(1 for c in sample if "\u4e00" <= c <= "\u9fff") / len(sample)


class _VisibleText(HTMLParser):
    """Collect the visible text of an HTML page, one block a line; keep <title> and the first <h1>."""

    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
             "article", "header", "footer", "blockquote", "pre", "table", "ul", "ol", "dd", "dt"}
    HIDDEN = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.title: str | None = None
        self.h1: str | None = None
        self._in: str | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        if tag in self.HIDDEN and tag != "head":
            self.hidden += 1
        if tag in ("title", "h1"):
            self._in, self._buf = tag, []
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag in self.HIDDEN and tag != "head" and self.hidden:
            self.hidden -= 1
        if tag == self._in:
            text = "".join(self._buf).strip()
            if tag == "title" and text and self.title is None:
                self.title = text
            if tag == "h1" and text and self.h1 is None:
                self.h1 = text
            self._in = None
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):  # noqa: ANN001
        if self._in == "title":
            self._buf.append(data)
            return
        if self._in:
            self._buf.append(data)
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str | None]:
    """Visible text of an HTML page and its headline (first <h1>, else <title>)."""
    parser = _VisibleText()
    try:
        parser.feed(html)
        parser.close()
    except Exception as exc:  # noqa: BLE001 - html.parser rarely raises, but never crash
        raise ReadError(f"cannot parse HTML ({exc})") from None
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    text = "\n".join(line for line in lines if line)
    return text, parser.h1 or parser.title


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_file(path: Path) -> Iterator[Document | Skipped]:
    """Read one supported file: one Document (several for .jsonl), or Skipped with the reason."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield Skipped(str(path), f"file too large ({size // 1_000_000} MB > {MAX_BYTES // 1_000_000} MB)")
            return
        data = path.read_bytes()
    except PermissionError:
        yield Skipped(str(path), "permission denied")
        return
    except OSError as exc:
        yield Skipped(str(path), f"cannot read ({exc.strerror or exc})")
        return
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, data)
            return
        if not data.strip():
            yield Skipped(str(path), "empty file")
            return
        text, encoding = decode(data)
        title = None
        fmt = "txt"
        if suffix in HTML_SUFFIXES:
            text, title = html_to_text(text)
            fmt = "html"
        elif suffix in {".md", ".markdown"}:
            fmt = "md"
        text = _clean(text)
        if not text.strip():
            yield Skipped(str(path), "no text in file")
            return
        yield Document(id=path.stem, text=text, path=str(path), title=title, format=fmt,
                       encoding=encoding, digest=sha256(data))
    except ReadError as exc:
        yield Skipped(str(path), str(exc))


def _read_jsonl(path: Path, data: bytes) -> Iterator[Document | Skipped]:
    try:
        text, encoding = decode(data)
    except ReadError as exc:
        yield Skipped(str(path), str(exc))
        return
    any_line = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        any_line = True
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield Skipped(where, "expected a JSON object with id, title, text")
            continue
        body = obj.get("text")
        ident = obj.get("id")
        if not isinstance(body, str) or not body.strip():
            yield Skipped(where, "no 'text' string")
            continue
        if ident is None or str(ident).strip() == "":
            ident = f"{path.stem}-{lineno}"
        title = obj.get("title") if isinstance(obj.get("title"), str) else None
        body = _clean(body)
        if title and not body.lstrip().startswith(title.strip()):
            body = title.strip() + "\n" + body
        yield Document(id=str(ident), text=body, path=where, title=title, format="jsonl",
                       encoding=encoding, digest=sha256(line.encode("utf-8")))
    if not any_line:
        yield Skipped(str(path), "empty file")


def _clean(text: str) -> str:
    """Normalise line ends and drop control characters (but keep text otherwise as written)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return "".join(c for c in text if c in "\n\t" or (ord(c) >= 0x20 and not 0x7F <= ord(c) < 0xA0))


def read(paths: Iterable[str | os.PathLike]) -> Iterator[Document | Skipped]:
    """Read everything under ``paths``: the public entry of this stage."""
    for item in iter_files(paths):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from read_file(item)

