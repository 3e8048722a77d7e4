"""Stage 1, read: files and folders → ``Document`` objects (or ``Skipped`` with a reason).

Reads ``.txt``/``.md`` (UTF-8, UTF-16/32 with BOM, GB18030/GBK detected), ``.html`` (visible text
only) and ``.jsonl`` (one article a line: id, title, text; streamed, so a big corpus file needs
little memory). Folders are walked without recursion (any depth), symlink loops are cut, and
nothing here raises on bad input: every problem becomes a ``Skipped`` whose path and reason are
one printable line.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO, ClassVar

from .types import Document, Skipped

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

#: One article (a .txt/.md/.html file, or one .jsonl line) above this size is refused without
#: being read: extraction runs at roughly 30-40 k characters a second, so a bigger "article"
#: would hold the build for minutes (the largest seed is 23 kB).
MAX_ARTICLE_BYTES = 2_000_000
MAX_BYTES = MAX_ARTICLE_BYTES  # the older name
#: A .jsonl file with a UTF-16/32 BOM has to be decoded whole; above this it is refused.
MAX_WIDE_JSONL_BYTES = 200 * 1024 * 1024

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ufeff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class ReadError(Exception):
    """A file that cannot be turned into text; the message is the one-line reason."""


def display(path: str | os.PathLike) -> str:
    """A path as one printable line: undecodable bytes as U+FFFD, control characters escaped."""
    s = _unicode(os.fsdecode(path))
    return "".join(c if c.isprintable() or c in " \u3000" else repr(c)[1:-1] for c in s)


def _unicode(s: str) -> str:
    """Valid Unicode: lone surrogates (undecodable file-name bytes, JSON "\\ud800") → U+FFFD."""
    if not _SURROGATE.search(s):
        return s
    try:
        s = s.encode("utf-8", "surrogateescape").decode("utf-8", "replace")  # file-name bytes
    except UnicodeEncodeError:
        pass  # surrogates that do not stand for bytes (from JSON escapes)
    return _SURROGATE.sub("\ufffd", s)


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Skipped]:
    """Yield every supported file under ``paths`` (recursively, sorted), or why one is skipped."""
    seen_dirs: set[tuple[int, int]] = set()
    for raw in paths:
        p = Path(raw)
        if not p.exists() and not p.is_symlink():
            yield Skipped(display(p), "no such file or folder")
            continue
        if p.is_dir():
            yield from _walk(p, seen_dirs)
        else:
            yield from _one(p)


def _one(p: Path) -> Iterator[Path | Skipped]:
    try:
        st = p.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            yield Skipped(display(p), "symbolic link loop")
        elif p.is_symlink():
            yield Skipped(display(p), "broken symbolic link")
        else:
            yield Skipped(display(p), f"cannot open ({_why(exc)})")
        return
    if not stat.S_ISREG(st.st_mode):
        yield Skipped(display(p), "not a regular file")
    elif p.suffix.lower() not in SUPPORTED:
        yield Skipped(display(p), f"unsupported file type {display(p.suffix) or '(no extension)'!r}; "
                      "expected .txt, .md, .html or .jsonl")
    else:
        yield p


def _entries(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as it:
        return sorted(it, key=lambda e: e.name)


def _walk(root: Path, seen: set[tuple[int, int]]) -> Iterator[Path | Skipped]:
    """Depth-first, sorted, with an explicit stack: no recursion limit on deep folders."""
    stack: list[Iterator[os.DirEntry]] = []

    def enter(folder: Path) -> Iterator[Skipped]:
        try:
            st = folder.stat()
        except OSError as exc:
            yield Skipped(display(folder), f"cannot open folder ({_why(exc)})")
            return
        ident = (st.st_dev, st.st_ino)
        if ident in seen:
            yield Skipped(display(folder), "folder already read (symbolic link loop)")
            return
        seen.add(ident)
        try:
            stack.append(iter(_entries(folder)))
        except OSError as exc:
            yield Skipped(display(folder), f"cannot list folder ({_why(exc)})")

    yield from enter(root)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows symlinks; loops are caught by ``seen``
        except OSError:
            is_dir = False
        if is_dir:
            yield from enter(path)
        elif path.suffix.lower() in SUPPORTED or entry.is_symlink():
            yield from _one(path)
        # other files in a folder (images, PDFs) are not articles: ignored silently


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding). BOMs, then UTF-8, then GB18030; refuse binary data."""
    bom_error = None
    for bom, enc in _BOMS:  # FF FE 00 00 is UTF-32-LE, or UTF-16-LE starting with U+0000
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError as exc:
                bom_error = bom_error or f"invalid {enc.replace('-sig', '')} text at byte {exc.start}"
    if bom_error:
        raise ReadError(bom_error)
    if _looks_binary(data):
        raise ReadError("binary file, not text")
    try:
        text = data.decode("utf-8")
        if not _unassigned(text):
            return text, "utf-8"
        alt = _gb18030(data)  # GBK bytes can form valid but meaningless UTF-8 (駙 → U+40863)
        return (alt, "gb18030") if alt is not None and not _unassigned(alt) else (text, "utf-8")
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    try:
        text = data.decode("gb18030")
        if _cjk_share(text) > 0.05 or not any(b > 0x7F for b in data[:4096]):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    guess = _guess_encoding(data)
    if guess is not None:
        return guess
    raise ReadError(f"not valid UTF-8 or GB18030 text (bad byte at offset {bad_at})")


def _unassigned(text: str) -> bool:
    """Code points no text uses (category Cn): the bytes were decoded with the wrong codec."""
    return any(ord(c) > 0x7F and unicodedata.category(c) == "Cn" for c in text[:20_000])


def _gb18030(data: bytes) -> str | None:
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return None


def _guess_encoding(data: bytes) -> tuple[str, str] | None:
    """Last resort (Big5, Latin-1 …): charset-normalizer's guess, if it decodes almost cleanly."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:1_000_000]).best()
        if best is None or not best.encoding:
            return None
        text = data.decode(best.encoding, errors="replace")
    except Exception:  # noqa: BLE001 - detection is best effort
        return None
    junk = text.count("\ufffd") + len(_CONTROL.findall(text[:100_000]))
    return (text, best.encoding) if junk <= 0.01 * len(text) else None


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

    BLOCK: ClassVar[set[str]] = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
             "article", "header", "footer", "blockquote", "pre", "table", "ul", "ol", "dd", "dt"}
    HIDDEN: ClassVar[set[str]] = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.title: str | None = None
        self.h1: str | None = None
        self._in: str | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN and tag != "head":
            self.hidden += 1
        if tag in ("title", "h1"):
            self._in, self._buf = tag, []
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
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

    def handle_data(self, data):
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


def _too_big(size: int) -> str:
    return (f"too large for one article ({size / 1e6:.1f} MB > {MAX_ARTICLE_BYTES / 1e6:g} MB); "
            "split it into one file per article, or one .jsonl line per article")


def read_file(path: Path) -> Iterator[Document | Skipped]:
    """Read one supported file: one Document (several for .jsonl), or Skipped with the reason."""
    where = display(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path)
        return
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            yield Skipped(where, _too_big(size))
            return
        with open(path, "rb") as f:
            data = f.read(MAX_ARTICLE_BYTES + 1)
    except PermissionError:
        yield Skipped(where, "permission denied")
        return
    except OSError as exc:
        yield Skipped(where, f"cannot read ({_why(exc)})")
        return
    if len(data) > MAX_ARTICLE_BYTES:  # grew since stat
        yield Skipped(where, _too_big(len(data)))
        return
    try:
        if not data.strip():
            yield Skipped(where, "empty file")
            return
        text, encoding = decode(data)
        title = None
        fmt = "txt"
        if suffix in HTML_SUFFIXES:
            text, title = html_to_text(text)
            title = _one_line(title)
            fmt = "html"
        elif suffix in {".md", ".markdown"}:
            fmt = "md"
        text = _clean(text)
        if not text.strip():
            yield Skipped(where, "no text in file")
            return
        yield Document(id=_unicode(path.stem), text=text, path=_unicode(str(path)), title=title,
                       format=fmt, encoding=encoding, digest=sha256(data))
    except ReadError as exc:
        yield Skipped(where, str(exc))


def _read_jsonl(path: Path) -> Iterator[Document | Skipped]:
    """One Document per line; the file is streamed, a bad line is skipped on its own."""
    where = display(path)
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below, errors reported per line
    except PermissionError:
        yield Skipped(where, "permission denied")
        return
    except OSError as exc:
        yield Skipped(where, f"cannot read ({_why(exc)})")
        return
    lineno = 0
    any_line = False
    try:
        with f:
            head = f.read(4)
            f.seek(0)
            if any(head.startswith(b) for b, enc in _BOMS if enc in ("utf-16", "utf-32")):
                yield from _wide_jsonl(path, f)
                return
            while True:
                raw = f.readline(MAX_ARTICLE_BYTES + 1)
                if not raw:
                    break
                lineno += 1
                if len(raw) > MAX_ARTICLE_BYTES and not raw.endswith(b"\n"):
                    rest = len(raw)
                    while (chunk := f.readline(1 << 20)) and not chunk.endswith(b"\n"):
                        rest += len(chunk)
                    yield Skipped(f"{where}:{lineno}", _too_big(rest + len(chunk)))
                    any_line = True
                    continue
                if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8):]
                if not raw.strip():
                    continue
                any_line = True
                try:
                    line, encoding = raw.decode("utf-8"), "utf-8"
                except UnicodeDecodeError:
                    try:
                        line, encoding = raw.decode("gb18030"), "gb18030"
                    except UnicodeDecodeError:
                        yield Skipped(f"{where}:{lineno}", "not valid UTF-8 or GB18030 text")
                        continue
                yield _jsonl_line(path, where, lineno, line, encoding, raw)
    except OSError as exc:
        yield Skipped(f"{where}:{lineno + 1}" if lineno else where, f"cannot read ({_why(exc)})")
        return
    if not any_line:
        yield Skipped(where, "empty file")


def _wide_jsonl(path: Path, f: BinaryIO) -> Iterator[Document | Skipped]:
    """A UTF-16/32 .jsonl (rare): decoded whole, within MAX_WIDE_JSONL_BYTES."""
    where = display(path)
    data = f.read(MAX_WIDE_JSONL_BYTES + 1)
    if len(data) > MAX_WIDE_JSONL_BYTES:
        yield Skipped(where, f"UTF-16/32 .jsonl larger than {MAX_WIDE_JSONL_BYTES // 2**20} MB; "
                      "convert it to UTF-8")
        return
    try:
        text, encoding = decode(data)
    except ReadError as exc:
        yield Skipped(where, str(exc))
        return
    any_line = False
    for lineno, line in enumerate(text.split("\n"), 1):
        if line.strip():
            any_line = True
            yield _jsonl_line(path, where, lineno, line, encoding, line.encode("utf-8"))
    if not any_line:
        yield Skipped(where, "empty file")


def _jsonl_line(path: Path, where: str, lineno: int, line: str, encoding: str,
                raw: bytes) -> Document | Skipped:
    here = f"{where}:{lineno}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Skipped(here, f"invalid JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return Skipped(here, "invalid JSON (nested too deeply)")
    if not isinstance(obj, dict):
        return Skipped(here, "expected a JSON object with id, title, text")
    body = obj.get("text")
    if not isinstance(body, str):
        return Skipped(here, "no 'text' string")
    body = _clean(body)
    if not body.strip():
        return Skipped(here, "empty 'text'")
    ident = obj.get("id")
    if isinstance(ident, bool) or not isinstance(ident, (str, int, type(None))):
        return Skipped(here, f"'id' must be a string or an integer, not {type(ident).__name__}")
    ident = _unicode(_ANY_CONTROL.sub("", str(ident))) if ident is not None else ""
    if not ident.strip():
        ident = f"{_unicode(path.stem)}-{lineno}"
    title = _one_line(obj.get("title")) if isinstance(obj.get("title"), str) else None
    if title and not body.lstrip().startswith(title):
        body = title + "\n" + body
    return Document(id=ident, text=body, path=f"{_unicode(str(path))}:{lineno}", title=title,
                    format="jsonl", encoding=encoding, digest=sha256(raw))


def _clean(text: str) -> str:
    """Normalise line ends, drop control characters and BOMs, make lone surrogates U+FFFD."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _unicode(_CONTROL.sub("", text.replace("\x0c", "\n")))


def _one_line(text: str | None) -> str | None:
    """A title or id: clean, white space collapsed, None when nothing is left."""
    if text is None:
        return None
    return " ".join(_clean(text).split()) or None


def read(paths: Iterable[str | os.PathLike]) -> Iterator[Document | Skipped]:
    """Read everything under ``paths``: the public entry of this stage."""
    for item in iter_files(paths):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from read_file(item)
