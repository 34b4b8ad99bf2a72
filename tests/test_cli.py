"""The `timeline` command line, run as a user runs it (a real subprocess)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from timeline import schema

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "timeline", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=300)


@pytest.mark.parametrize("sub", [[], ["build"], ["tag"], ["serve"], ["eval"]])
def test_help_on_every_command(sub):
    r = run(*sub, "--help")
    assert r.returncode == 0
    assert "usage:" in r.stdout


def test_console_script_is_installed():
    exe = Path(sys.executable).parent / "timeline"
    assert exe.exists()
    r = subprocess.run([str(exe), "--help"], capture_output=True, text=True)
    assert r.returncode == 0


def test_tag_prints_one_json_line_per_file_with_offsets_into_the_text(tmp_path):
    f = tmp_path / "a.txt"
    text = "Señor X said the attack on Aug. 26, 2021 killed 13 U.S. troops. Last year was calm."
    f.write_text(text, encoding="utf-8")
    r = run("tag", "--dct", "2021-08-27", str(f))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 1
    out = json.loads(lines[0])
    assert out["doc"] == "a.txt" and out["dct"] == "2021-08-27"
    by_text = {t["text"]: t for t in out["timexes"]}
    assert by_text["Aug. 26, 2021"]["value"] == "2021-08-26"
    assert by_text["Last year"]["value"] == "2020"
    for t in out["timexes"]:
        assert text[t["start"]:t["end"]] == t["text"]
        assert set(t) == {"start", "end", "text", "value", "type", "mod"}


def test_tag_jsonl_gives_one_line_per_article_with_its_own_dct(tmp_path):
    f = tmp_path / "arts.jsonl"
    f.write_text(
        json.dumps({"id": "a1", "text": "It happened yesterday.", "published": "2023-04-26"}) + "\n"
        + json.dumps({"id": "a2", "text": "It happened last year.", "published": "2021-09-03"}) + "\n",
        encoding="utf-8")
    r = run("tag", str(f))
    assert r.returncode == 0, r.stderr
    outs = [json.loads(x) for x in r.stdout.strip().splitlines()]
    assert [o["doc"] for o in outs] == ["a1", "a2"]
    assert outs[0]["timexes"][0]["value"] == "2023-04-25"
    assert outs[1]["timexes"][0]["value"] == "2020"


def test_tag_missing_file_is_one_clear_line_and_nonzero_exit(tmp_path):
    r = run("tag", str(tmp_path / "nope.txt"))
    assert r.returncode != 0
    assert r.stderr.strip().count("\n") == 0
    assert "nope.txt" in r.stderr and "Traceback" not in r.stderr


def test_bad_date_flag_is_one_clear_line():
    r = run("tag", "--dct", "2021-02-30", str(SEEDS / "004_1ef1842766a49696.txt"))
    assert r.returncode == 2
    assert "2021-02-30" in r.stderr and r.stderr.strip().count("\n") == 0


def test_build_goes_through_the_store_and_in_memory_builds_leave_none(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    r = run("build", str(SEEDS), "--out", str(out / "a.csv"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "timeline.db").exists()
    again = run("build", str(SEEDS), "--out", str(out / "b.csv"), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "5 already stored" in again.stderr
    assert (out / "a.csv").read_bytes() == (out / "b.csv").read_bytes()
    alone = tmp_path / "alone"
    alone.mkdir()
    r = run("build", str(SEEDS), "--out", str(alone / "c.csv"), "--in-memory", cwd=alone)
    assert r.returncode == 0, r.stderr
    assert not (alone / "timeline.db").exists()


def test_build_seeds_writes_both_tables(tmp_path):
    events, mentions = tmp_path / "events.csv", tmp_path / "mentions.csv"
    r = run("build", str(SEEDS), "--out", str(events), "--mentions-out", str(mentions), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    with events.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0].keys()) == list(schema.EVENT_COLUMN_NAMES)
    assert len(rows) >= 10
    doc_ids = {d for row in rows for d in row["doc_ids"].split("; ")}
    assert doc_ids == {f"seed-00{i}" for i in range(5)}
    with mentions.open(encoding="utf-8") as fh:
        mrows = list(csv.DictReader(fh))
    assert list(mrows[0].keys()) == list(schema.MENTION_COLUMN_NAMES)
    assert {m["event_id"] for m in mrows} == {r["event_id"] for r in rows}


def test_build_reports_each_bad_file_in_one_line_and_builds_the_rest(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("KABUL — A suicide bomber killed 20 people at a market in Kabul on Tuesday, officials said.",
                    encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "cp1252.txt").write_bytes("The caf\xe9 attack on Monday killed 3 people, police said.".encode("cp1252"))
    (tmp_path / "nothing.html").write_text("<html><head><title>x</title></head><body><nav>Home</nav></body></html>",
                                           encoding="utf-8")
    missing = tmp_path / "missing.txt"
    out = tmp_path / "events.csv"
    r = run("build", str(tmp_path), str(missing), "--published", "2023-04-26", "--out", str(out), "--in-memory")
    assert "Traceback" not in r.stderr
    err = r.stderr
    for name in ("binary.txt", "empty.txt", "nothing.html", "missing.txt"):
        lines = [line for line in err.splitlines() if name in line]
        assert len(lines) == 1, (name, err)
    assert out.exists()
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    doc_ids = {d for row in rows for d in row["doc_ids"].split("; ")}
    assert "good" in doc_ids
    assert "cp1252" in doc_ids


def test_build_with_nothing_readable_fails_clearly(tmp_path):
    r = run("build", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "e.csv"), "--in-memory")
    assert r.returncode != 0
    assert "missing.txt" in r.stderr and "Traceback" not in r.stderr


def test_ingest_twice_changes_nothing_and_export_reads_the_store(tmp_path):
    db = tmp_path / "t.db"
    first = run("ingest", str(SEEDS), "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "5 document(s) added" in first.stderr
    again = run("ingest", str(SEEDS), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert "0 document(s) added, 5 already stored, 0 new event(s)" in again.stderr
    out = tmp_path / "taliban.csv"
    r = run("export", "--db", str(db), "--out", str(out), "--actor", "Taliban")
    assert r.returncode == 0, r.stderr
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all("Taliban" in row["actors"].split("; ") for row in rows)


def test_the_store_is_taken_from_the_environment(tmp_path):
    db = tmp_path / "env.db"
    env = {**os.environ, "TIMELINE_DB": str(db)}
    r = subprocess.run([sys.executable, "-m", "timeline", "ingest", str(SEEDS / "004_1ef1842766a49696.txt"),
                        "--published", "2021-09-03"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert db.exists() and not (tmp_path / "timeline.db").exists()


def test_a_negative_merge_interval_is_one_clear_line(tmp_path):
    r = run("ingest", "seeds", "--db", str(tmp_path / "t.db"), "--merge-interval", "-5")
    assert r.returncode == 2
    assert "--merge-interval: must be 0 or more" in r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "t.db").exists()
