"""Issue 9: bad input is read or skipped with one printable line naming the file; never a crash."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import sys
import tracemalloc
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from kg import read as reader
from kg.cli import app
from kg.read import display, read
from kg.types import Document, Skipped

ARTICLE = "巫山县福益美农业开发有限公司吸纳留守妇女15人到车间务工。县人社局认定该车间为就业帮扶车间。\n"


def items(*paths) -> list[Document | Skipped]:
    out = list(read([str(p) for p in paths]))
    for it in out:
        assert isinstance(it, Document | Skipped)
        if isinstance(it, Skipped):
            assert "\n" not in it.path + it.reason and it.path.isprintable(), it
    return out


def only(*paths) -> Document | Skipped:
    out = items(*paths)
    assert len(out) == 1, out
    return out[0]


def test_empty_and_blank_files_are_skipped(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_bytes(b" \n\t\r\n")
    (tmp_path / "bom-only.txt").write_bytes(codecs.BOM_UTF8)
    got = {Path(s.path).name: s.reason for s in items(tmp_path)}
    assert got == {"blank.md": "empty file", "bom-only.txt": "no text in file", "empty.txt": "empty file"}


def test_binary_file_is_skipped(tmp_path):
    (tmp_path / "photo.txt").write_bytes(bytes(range(256)) * 40)
    s = only(tmp_path / "photo.txt")
    assert isinstance(s, Skipped) and s.reason == "binary file, not text"


def test_invalid_utf8_is_skipped_with_the_offset(tmp_path):
    # valid UTF-8 Chinese, then bytes that are neither UTF-8 nor GB18030 (0xFF never leads)
    (tmp_path / "broken.txt").write_bytes("扶贫".encode() + b"\xff\xfe\xff" * 50)
    s = only(tmp_path / "broken.txt")
    assert isinstance(s, Skipped)
    assert s.reason == "not valid UTF-8 or GB18030 text (bad byte at offset 6)"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "gb2312"])
def test_gbk_family_files_decode(tmp_path, encoding):
    text = ARTICLE if encoding != "gb18030" else ARTICLE + "䶮𠀀€ 是 GB18030 的四字节字符。\n"
    (tmp_path / "a.txt").write_bytes(text.encode(encoding))
    d = only(tmp_path / "a.txt")
    assert isinstance(d, Document) and d.text == text.strip("\n") + "\n" or d.text == text
    assert d.encoding == "gb18030"


@pytest.mark.parametrize("encoding,bom", [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                                          ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-le", codecs.BOM_UTF32_LE),
                                          ("utf-32-be", codecs.BOM_UTF32_BE)])
def test_files_with_a_bom_decode_without_it(tmp_path, encoding, bom):
    (tmp_path / "a.txt").write_bytes(bom + ARTICLE.encode(encoding))
    d = only(tmp_path / "a.txt")
    assert isinstance(d, Document) and d.text == ARTICLE and "\ufeff" not in d.text


def test_non_chinese_text_is_read(tmp_path):
    (tmp_path / "en.txt").write_text("Poverty alleviation in Wushan. 15 women work here.\n", encoding="utf-8")
    (tmp_path / "ru.txt").write_text("Сокращение бедности в уезде Ушань.\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Café crème, déjà vu. Ünïcode façade.\n".encode("latin-1") * 5)
    got = {Path(d.path).name: d for d in items(tmp_path)}
    assert all(isinstance(d, Document) for d in got.values()), got
    assert got["en.txt"].text.startswith("Poverty alleviation")
    assert "\ufffd" not in got["latin1.txt"].text


def test_big_article_file_is_skipped_without_being_read(tmp_path):
    big = tmp_path / "big.txt"
    chunk = (ARTICLE * 200).encode("utf-8")
    with open(big, "wb") as f:
        while f.tell() < 50 * 1024 * 1024:
            f.write(chunk)
    tracemalloc.start()
    s = only(big)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert isinstance(s, Skipped) and s.reason.startswith("too large for one article (52.4 MB > 2 MB)")
    assert peak < 5 * 1024 * 1024  # not read into memory


def test_big_jsonl_corpus_is_streamed(tmp_path):
    path = tmp_path / "corpus.jsonl"
    line = json.dumps({"id": "x", "text": ARTICLE * 150}, ensure_ascii=False)
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(line.replace('"x"', f'"doc{i}"') + "\n" for i in range(3000))
    assert path.stat().st_size > 45_000_000
    tracemalloc.start()
    n = 0
    for it in read([path]):
        assert isinstance(it, Document)
        n += 1
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert n == 3000
    assert peak < 10 * 1024 * 1024  # one line at a time, not the file


def test_too_long_jsonl_line_is_skipped_and_the_rest_read(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ARTICLE_BYTES", 1000)
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join([json.dumps({"id": "a", "text": "扶贫" * 2000}, ensure_ascii=False),
                               json.dumps({"id": "b", "text": "帮扶车间。"}, ensure_ascii=False)]) + "\n",
                    encoding="utf-8")
    got = items(path)
    assert isinstance(got[0], Skipped) and got[0].path.endswith("c.jsonl:1") and "too large" in got[0].reason
    assert isinstance(got[1], Document) and got[1].id == "b"


def test_jsonl_bad_lines_are_skipped_one_by_one(tmp_path):
    lines = [
        codecs.BOM_UTF8 + json.dumps({"id": "ok1", "title": "标题\x07", "text": "正文。"}).encode(),
        b"",
        b"not json",
        b"[1, 2]",
        json.dumps({"id": "no-text"}).encode(),
        json.dumps({"id": "blank", "text": "  \n "}).encode(),
        json.dumps({"id": {"a": 1}, "text": "x"}).encode(),
        b'{"id": "bad-utf8", "text": "\xff\xfe\xff"}',
        json.dumps({"id": "gbk", "text": "贫困户"}, ensure_ascii=False).encode("gbk"),
        json.dumps({"id": "a\x00b\nc", "text": "孤立\ud800代理"}).encode(),
        json.dumps({"text": "没有编号。"}, ensure_ascii=False).encode(),
        b"[" * 100_000,
    ]
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    got = items(path)
    docs = {d.id: d for d in got if isinstance(d, Document)}
    skipped = {s.path.rsplit(":", 1)[1]: s.reason for s in got if isinstance(s, Skipped)}
    assert set(docs) == {"ok1", "gbk", "abc", "c-11"}
    assert docs["ok1"].title == "标题" and docs["gbk"].text == "贫困户" and docs["gbk"].encoding == "gb18030"
    assert docs["abc"].text == "孤立\ufffd代理"
    assert skipped == {
        "3": "invalid JSON (Expecting value at column 1)",
        "4": "expected a JSON object with id, title, text",
        "5": "no 'text' string",
        "6": "empty 'text'",
        "7": "'id' must be a string or an integer, not dict",
        "8": "not valid UTF-8 or GB18030 text",
        "12": skipped["12"],
    }
    assert skipped["12"].startswith("invalid JSON")
    for d in docs.values():
        d.text.encode("utf-8")  # valid Unicode, storable


def test_deep_folders_beyond_the_recursion_limit(tmp_path):
    depth = sys.getrecursionlimit() + 200
    deep = str(tmp_path)
    for _ in range(depth):  # os.makedirs and Path.mkdir recurse themselves
        deep += "/d"
        os.mkdir(deep)
    (Path(deep) / "a.txt").write_text(ARTICLE, encoding="utf-8")
    try:
        d = only(tmp_path)
        assert isinstance(d, Document) and d.id == "a"
    finally:  # shutil.rmtree (pytest's clean-up) recurses too: remove bottom-up
        os.remove(deep + "/a.txt")
        while deep != str(tmp_path):
            os.rmdir(deep)
            deep = os.path.dirname(deep)


def test_symlink_loops_are_cut(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink("..", root / "sub" / "up")  # folder loop
    os.symlink("self.txt", root / "self.txt")  # a link to itself
    os.symlink("pong.txt", root / "ping.txt")
    os.symlink("ping.txt", root / "pong.txt")
    os.symlink("missing.txt", root / "dangling.txt")
    got = items(root)
    docs = [d for d in got if isinstance(d, Document)]
    reasons = {Path(s.path).name: s.reason for s in got if isinstance(s, Skipped)}
    assert [d.id for d in docs] == ["a"]
    assert reasons == {"dangling.txt": "broken symbolic link", "ping.txt": "symbolic link loop",
                       "pong.txt": "symbolic link loop", "self.txt": "symbolic link loop",
                       "up": "folder already read (symbolic link loop)"}


def test_special_files_are_not_opened(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would block for ever
    assert isinstance(only(fifo), Skipped) and only(fifo).reason == "not a regular file"
    assert [type(x) for x in items(tmp_path)] == [Skipped]  # the folder.txt is walked (empty)


def test_odd_file_names_give_printable_messages(tmp_path):
    (tmp_path / "new\nline.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / os.fsdecode(b"bad\xffname.txt")).write_text(ARTICLE, encoding="utf-8")
    (tmp_path / os.fsdecode(b"bad\xffname.pdf")).write_bytes(b"%PDF")
    docs = items(tmp_path)
    assert sorted(d.id for d in docs) == ["bad\ufffdname", "new\nline"]
    for d in docs:
        (d.id + d.path).encode("utf-8")
    s = only(tmp_path / os.fsdecode(b"bad\xffname.pdf"))
    assert s.path.endswith("bad\ufffdname.pdf") and "unsupported file type '.pdf'" in s.reason
    assert display(tmp_path / "new\nline.txt").endswith("new\\nline.txt")


def _read_as_nobody(path: Path) -> list:
    """Root reads everything: read ``path`` in a child process that dropped to uid 65534."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        try:
            os.close(r)
            os.setgid(65534)
            os.setuid(65534)
            out = [(type(x).__name__, x.path, getattr(x, "reason", "")) for x in read([path])]
            os.write(w, json.dumps(out).encode())
        finally:
            os._exit(0)
    os.close(w)
    data = b""
    while chunk := os.read(r, 65536):
        data += chunk
    os.close(r)
    os.waitpid(pid, 0)
    return [tuple(x) for x in json.loads(data)]


def test_unreadable_files_and_folders_are_skipped():
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="kg-perm-"))  # under /tmp, so uid 65534 can reach it
    try:
        root.chmod(0o755)
        (root / "ok.txt").write_text(ARTICLE, encoding="utf-8")
        (root / "secret.txt").write_text(ARTICLE, encoding="utf-8")
        (root / "secret.txt").chmod(0o000)
        (root / "locked").mkdir()
        (root / "locked" / "x.txt").write_text(ARTICLE, encoding="utf-8")
        (root / "locked").chmod(0o000)
        if os.geteuid() == 0:
            got = _read_as_nobody(root)
        else:
            got = [(type(x).__name__, x.path, getattr(x, "reason", "")) for x in read([root])]
        assert ("Skipped", str(root / "secret.txt"), "permission denied") in got
        assert ("Skipped", str(root / "locked"), "cannot list folder (Permission denied)") in got
        assert [p for kind, p, _ in got if kind == "Document"] == [str(root / "ok.txt")]
    finally:
        (root / "locked").chmod(0o755)
        shutil.rmtree(root)


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_io_error_while_reading_is_skipped(tmp_path):
    # /proc/self/mem is a regular file whose read at offset 0 fails with EIO, even for root
    (tmp_path / "eio.txt").symlink_to("/proc/self/mem")
    s = only(tmp_path / "eio.txt")
    assert isinstance(s, Skipped) and s.reason == "cannot read (Input/output error)"


# ---------------------------------------------------------------- the build, end to end

def _bad_corpus(root: Path) -> Path:
    root.mkdir()
    shutil.copy(Path(__file__).parent.parent / "seeds" / "002_4250b2bf3b38994f.txt", root)
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.html").write_bytes(bytes(range(256)))
    (root / "gbk.txt").write_bytes(ARTICLE.encode("gbk"))
    (root / "lines.jsonl").write_text('{"id": "j1", "text": "帮扶车间吸纳村民就业。"}\nnot json\n', encoding="utf-8")
    os.symlink(".", root / "loop")
    return root


def test_build_skips_bad_files_builds_the_rest_and_fails_the_exit_status(tmp_path):
    corpus = _bad_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["build", str(corpus), "--out", str(out), "--no-view"])
    assert res.exit_code == 2, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert "Traceback" not in res.output
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("skipped ")]
    assert sorted(lines) == sorted([
        f"skipped {corpus / 'binary.html'}: binary file, not text",
        f"skipped {corpus / 'empty.txt'}: empty file",
        f"skipped {corpus / 'lines.jsonl'}:2: invalid JSON (Expecting value at column 1)",
        f"skipped {corpus / 'loop'}: folder already read (symbolic link loop)",
    ])
    assert "skipped / failed" in res.stdout and "4 / 0" in res.stdout
    g = Graph().parse(out / "kg.ttl", format="turtle")
    ids = {str(o) for o in g.objects(None, __import__("rdflib").DCTERMS.identifier)}
    assert ids == {"002_4250b2bf3b38994f", "gbk", "j1"}
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert len(report["skipped"]) == 4 and report["documents"] == 3


def test_build_of_nothing_readable_exits_1(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "empty.txt").write_bytes(b"")
    res = CliRunner().invoke(app, ["build", str(tmp_path / "c"), "--out", str(tmp_path / "o"), "--no-view"])
    assert res.exit_code == 1 and "skipped" in res.stderr and "empty.txt: empty file" in res.stderr


def test_gbk_bytes_that_happen_to_be_valid_utf8_are_read_as_gbk(tmp_path):
    # 駙。 in GB18030 is F1 80 A1 A3: valid UTF-8 for the unassigned U+40863
    (tmp_path / "a.txt").write_bytes("駙。".encode("gb18030"))
    d = only(tmp_path / "a.txt")
    assert isinstance(d, Document) and d.text == "駙。" and d.encoding == "gb18030"
