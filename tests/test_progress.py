"""The progress bar: counts and rates on stderr, silent when nobody watches."""

from __future__ import annotations

import io
import json

from timeline.progress import Progress, count_documents, should_show


class Terminal(io.StringIO):
    """An in-memory stream that says it is an interactive terminal."""

    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_nothing_is_written_when_the_stream_is_not_a_terminal():
    out = io.StringIO()
    with Progress(total=10, stream=out) as bar:
        for _ in range(10):
            bar.update(1, 1000)
    assert out.getvalue() == ""
    assert bar.done == 10 and bar.bytes == 10_000


def test_forced_output_shows_counts_rates_and_time_left():
    out, clock = io.StringIO(), Clock()
    bar = Progress(total=10, stream=out, force=True, clock=clock)
    clock.now = 2.0
    bar.update(4, 2_000_000)
    text = out.getvalue()
    assert "4/10 documents (40%)" in text
    assert "2.0 docs/s" in text
    assert "1.00 MB/s" in text
    assert "0:03 left" in text  # 6 documents at 2 per second
    bar.close()
    assert out.getvalue().endswith("\n")


def test_an_interactive_terminal_gets_the_bar_without_forcing():
    out = Terminal()
    assert should_show(out)
    with Progress(total=1, stream=out) as bar:
        bar.update(1, 10)
    assert "1/1 documents (100%)" in out.getvalue()


def test_forcing_off_silences_even_a_terminal():
    out = Terminal()
    with Progress(total=1, stream=out, force=False) as bar:
        bar.update(1)
    assert out.getvalue() == ""


def test_an_unknown_total_shows_counts_without_time_left():
    out, clock = io.StringIO(), Clock()
    bar = Progress(stream=out, force=True, clock=clock)
    clock.now = 1.0
    bar.update(3, 0)
    line = bar.line()
    assert line.startswith("3 documents |")
    assert "3.0 docs/s" in line
    assert "left" not in line and "%" not in line


def test_redraws_at_most_five_times_a_second():
    out, clock = io.StringIO(), Clock()
    bar = Progress(total=1000, stream=out, force=True, clock=clock)
    for i in range(1000):
        clock.now = i * 0.001  # 1000 updates within one second
        bar.update(1)
    assert 1 <= out.getvalue().count("\r") <= 6


def test_count_documents_counts_files_lines_and_rows(tmp_path):
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>two</p>")
    (tmp_path / "manifest.csv").write_text("file,id\na.txt,a\n")
    (tmp_path / ".hidden.txt").write_text("not counted")
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps({"text": f"t{i}"}) for i in range(3)) + "\n\n")
    (tmp_path / "table.csv").write_text("id,text\n1,x\n2,y\n")
    assert count_documents([tmp_path]) == 1 + 1 + 3 + 2
    assert count_documents([tmp_path / "a.txt", tmp_path / "batch.jsonl"]) == 4
    assert count_documents([tmp_path / "missing"]) == 0
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("in a hidden folder: not counted")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)  # a linked folder is visited once
    assert count_documents([tmp_path]) == 1 + 1 + 3 + 2
