"""An incremental build re-extracts what other settings would read differently."""

from __future__ import annotations

import gc

from kg.build import build


def test_same_files_same_settings_are_not_extracted_again_but_new_settings_are(tmp_path, seeds_dir):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text((seeds_dir / "002_4250b2bf3b38994f.txt").read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    first = build([src], out=out, view=False)
    gc.collect()
    again = build([src], out=out, view=False)
    gc.collect()
    stricter = build([src], out=out, view=False, min_confidence=0.6)
    assert (first.documents, again.documents, again.unchanged) == (1, 0, 1)
    assert stricter.documents == 1
    assert sum(stricter.relations.values()) < sum(first.relations.values())
