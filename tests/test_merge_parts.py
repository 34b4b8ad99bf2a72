"""A stream merged in parts side by side, each part but the first in a process of its own (timeline.merge_parts)."""

from __future__ import annotations

import os
import pickle
from collections import Counter
from functools import partial

import pytest
from test_merge import _described, _mixed_years

from timeline.merge import default_rules, merge_stats, merge_stream, stream_key, type_groups
from timeline.merge_parts import merge_in_parts


def read_file(path: str, types: list[str]):
    """The mentions of ``types`` kept in the pickle at ``path``, in stream order, each without stored features."""
    with open(path, "rb") as f:
        mentions = pickle.load(f)
    return ((m, None) for m in mentions if m.event_type in types)


def read_file_then_fail(path: str, after: int, types: list[str]):
    """As :func:`read_file`, but the reading raises after ``after`` mentions."""
    for i, item in enumerate(read_file(path, types)):
        if i == after:
            raise OSError("the store went away")
        yield item


def read_file_then_die(path: str, after: int, types: list[str]):
    """As :func:`read_file`, but the process ends abruptly after ``after`` mentions."""
    for i, item in enumerate(read_file(path, types)):
        if i == after:
            os._exit(3)
        yield item


def read_file_then_stall(path: str, after: int, types: list[str]):
    """As :func:`read_file`, but the reading stalls for a minute after ``after`` mentions."""
    import time

    for i, item in enumerate(read_file(path, types)):
        if i == after:
            time.sleep(60)
        yield item


@pytest.fixture(scope="module")
def stream(tmp_path_factory) -> tuple[str, list]:
    """Mentions of many types over several years, in stream order, kept in a file the parts read."""
    ordered = sorted(_mixed_years(), key=stream_key)
    path = tmp_path_factory.mktemp("parts") / "mentions.pkl"
    path.write_bytes(pickle.dumps(ordered))
    return str(path), ordered


def _merged(ordered: list, n: int, read_there) -> list[list]:
    groups = type_groups(Counter(m.event_type for m in ordered), default_rules(), n)
    years = sorted({int(stream_key(m)[:4]) for m in ordered})
    path = read_there.args[0]
    return list(merge_in_parts(groups, years, read_here=partial(read_file, path), read_there=read_there,
                               stats=merge_stats(ordered)))


def test_parts_in_other_processes_give_the_events_of_the_whole_stream_batch_by_batch(stream):
    path, ordered = stream
    whole = list(merge_stream(iter(ordered), stats=merge_stats(ordered)))
    for n in (2, 3):
        batches = _merged(ordered, n, partial(read_file, path))
        assert _described([e for batch in batches for e in batch]) == _described(whole)
    assert len(batches) == len({stream_key(m)[:4] for m in ordered}) + 1  # a batch per window and one at the end
    assert all(m.sentence for e in whole for m in e.mentions)


def test_a_part_whose_reading_fails_in_its_process_is_merged_here(stream):
    path, ordered = stream
    whole = list(merge_stream(iter(ordered), stats=merge_stats(ordered)))
    batches = _merged(ordered, 2, partial(read_file_then_fail, path, 40))
    assert _described([e for batch in batches for e in batch]) == _described(whole)


def test_a_part_whose_process_dies_is_merged_here_from_the_window_it_reached(stream):
    path, ordered = stream
    whole = list(merge_stream(iter(ordered), stats=merge_stats(ordered)))
    batches = _merged(ordered, 2, partial(read_file_then_die, path, 200))
    assert _described([e for batch in batches for e in batch]) == _described(whole)


def test_a_part_whose_process_cannot_start_is_merged_here(stream, monkeypatch):
    import timeline.process_server as process_server

    path, ordered = stream
    whole = list(merge_stream(iter(ordered), stats=merge_stats(ordered)))

    class NoProcesses:
        def __init__(self, ctx):
            self.ctx = ctx

        def Pipe(self, duplex):  # noqa: N802 - the multiprocessing name
            return self.ctx.Pipe(duplex)

        def Process(self, **kw):  # noqa: N802
            raise OSError("no more processes")

    real = process_server.process_context
    monkeypatch.setattr(process_server, "process_context", lambda: NoProcesses(real()))
    batches = _merged(ordered, 3, partial(read_file, path))
    assert _described([e for batch in batches for e in batch]) == _described(whole)


def test_leaving_early_ends_the_other_processes_at_once(stream):
    import multiprocessing

    path, ordered = stream
    groups = type_groups(Counter(m.event_type for m in ordered), default_rules(), 3)
    years = sorted({int(stream_key(m)[:4]) for m in ordered})
    before = set(multiprocessing.active_children())
    batches = merge_in_parts(groups, years, read_here=partial(read_file, path),
                             read_there=partial(read_file_then_stall, path, 30), stats=merge_stats(ordered))
    next(batches)  # the first window is in; the other parts stall later
    assert len(set(multiprocessing.active_children()) - before) == 2
    batches.close()
    assert set(multiprocessing.active_children()) - before == set()


class _EndlessPipe:
    """A pipe whose other end sends without end until its process is terminated."""

    def __init__(self) -> None:
        self.sent = 0
        self.gone = False

    def recv_bytes(self) -> bytes:
        if self.gone:
            raise EOFError
        self.sent += 1
        return pickle.dumps([])

    def close(self) -> None:
        pass


class _Process:
    def __init__(self, pipe: _EndlessPipe) -> None:
        self.pipe = pipe

    def is_alive(self) -> bool:
        return not self.pipe.gone

    def terminate(self) -> None:
        self.pipe.gone = True

    def join(self) -> None:
        pass


def test_a_part_runs_only_a_few_windows_ahead_of_the_merge_here_and_stops_while_waiting():
    """What a part has sent and the merge here has not taken is held in memory: the part is read no further
    than STEPS_AHEAD windows ahead (then its process waits on the full pipe), and stopping ends it anyway."""
    import threading
    import time

    from timeline.merge_parts import STEPS_AHEAD, _RemotePart

    pipe = _EndlessPipe()
    part = _RemotePart(_Process(pipe), pipe)
    part.thread = threading.Thread(target=part._receive, daemon=True)
    part.thread.start()
    deadline = time.monotonic() + 10
    while pipe.sent < STEPS_AHEAD + 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    assert pipe.sent == STEPS_AHEAD + 1  # the inbox is full and one more waits to go in
    steps = part.steps(3, fallback=lambda: iter(()))
    assert next(steps) == []
    deadline = time.monotonic() + 10
    while pipe.sent < STEPS_AHEAD + 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    assert pipe.sent == STEPS_AHEAD + 2  # one taken, one more read
    part.stop()
    assert not part.thread.is_alive()
