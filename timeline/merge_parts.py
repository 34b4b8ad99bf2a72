"""A stream merge in parts side by side, each part but the first in a process of its own.

Mentions of event types that can never be one event (no chain of compatible
types joins them, ``type_compatibility.csv``) never meet in a merge. So a
stream can be merged as one stream per group of types
(:func:`timeline.merge.type_groups`), each visiting every window of the
whole stream (:func:`timeline.merge.part_steps`), and the events let go
after each window put back together (:func:`timeline.merge.join_steps`):
the events, their ids and their order are those of
:func:`timeline.merge.merge_stream` over the whole stream.

:func:`merge_in_parts` merges the first group in this process and starts a
process for each other group. That process reads its mentions itself, with
``read_there`` (a function that can be pickled: it opens its own connection
to the store), and sends its events back window by window while this
process merges its own part. A part whose process fails (it could not
start, read or merge) is merged here instead, from the window it had
reached. A part's process runs at most :data:`STEPS_AHEAD` windows ahead of
the merge here: what it has sent and this process has not taken yet is
held in memory, so without a bound a fast part would hold most of its
events here while this process writes.
"""

from __future__ import annotations

import pickle
import queue
import threading
from collections.abc import Callable, Iterable, Iterator

import pandas as pd

from timeline.events.model import EventMention
from timeline.merge import (Event, GivenIds, MergeRules, MergeStats, cyclic_gc_paused, default_rules, join_steps,
                            part_steps)

#: Windows of events a part's process may have sent that this process has not taken yet; then it waits.
STEPS_AHEAD = 2

#: Reads the mentions of some event types in ``stream_key`` order, as pairs (mention, sentence features or None).
Reader = Callable[[list[str]], Iterable[tuple[EventMention, tuple | None]]]


def merge_in_parts(
    groups: list[list[str]],
    years: list[int],
    *,
    read_here: Reader,
    read_there: Reader,
    stats: MergeStats,
    existing: pd.DataFrame | Callable[[list[EventMention]], pd.DataFrame | None] | None = None,
    rules: MergeRules | None = None,
    given: GivenIds | None = None,
) -> Iterator[list[Event]]:
    """The events of a stream, a batch per window and one at the end, as
    :func:`timeline.merge.merge_stream` yields them (with ``stats`` and
    ``existing`` and ``given`` as there), merged as one part per group of ``groups``.

    ``years`` lists every window of the stream. The first group is merged
    here, its mentions read with ``read_here``; each other group in a process
    started for it, which reads them with ``read_there``.
    """
    rules = rules or default_rules()
    steps = len(years) + 1
    remote = [_RemotePart.start(read_there, group, years, stats, rules) for group in groups[1:]]
    try:
        def here(group: list[str]) -> Iterator[list]:
            return part_steps(read_here(group), rules=rules, stats=stats, years=years)

        parts = [here(groups[0])]
        for group, part in zip(groups[1:], remote):
            parts.append(part.steps(steps, lambda group=group: here(group)))
        yield from join_steps(parts, existing=existing, rules=rules, given=given)
    finally:
        for part in remote:
            part.stop()


def _part_main(read: Reader, types: list[str], years: list[int], stats: MergeStats, fingerprint: str, send) -> None:
    """In a process of its own: merge the part of ``types`` and send its steps, each pickled; an empty message
    says the part failed."""
    try:
        rules = default_rules()
        if rules.fingerprint != fingerprint:
            raise RuntimeError("this process reads other merge rules")
        with cyclic_gc_paused():
            for step in part_steps(read(types), rules=rules, stats=stats, years=years):
                send.send_bytes(pickle.dumps(step, protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException:
        try:
            send.send_bytes(b"")
        except OSError:  # the merging process is gone
            pass
    finally:
        send.close()


class _RemotePart:
    """A part merged in a process of its own; a thread here receives its steps as they come."""

    def __init__(self, proc, receive) -> None:
        self.proc, self.receive = proc, receive
        self.inbox: queue.Queue[bytes | None] = queue.Queue(maxsize=STEPS_AHEAD)
        self.thread: threading.Thread | None = None

    @classmethod
    def start(cls, read: Reader, types: list[str], years: list[int], stats: MergeStats,
              rules: MergeRules) -> _RemotePart:
        from timeline.process_server import process_context

        ctx = process_context()
        receive, send = ctx.Pipe(duplex=False)
        part = cls(None, receive)
        try:
            part.proc = ctx.Process(target=_part_main, args=(read, types, years, stats, rules.fingerprint, send),
                                    daemon=True)
            part.proc.start()
        except Exception:  # no process: the part is merged here
            part.proc = None
            part.inbox.put(None)
        finally:
            send.close()
        if part.proc is not None:
            part.thread = threading.Thread(target=part._receive, daemon=True)
            part.thread.start()
        return part

    def _receive(self) -> None:
        """Move the messages of the pipe to the inbox until the part fails or ends (then None). While the
        inbox is full the pipe is not read, so the part's process waits once the pipe's buffer is full too."""
        try:
            while data := self.receive.recv_bytes():
                self.inbox.put(data)
        except (EOFError, OSError):
            pass
        self.inbox.put(None)

    def steps(self, n: int, fallback: Callable[[], Iterator[list]]) -> Iterator[list]:
        """The part's ``n`` steps as they arrive; when the process fails, the rest merged here by
        ``fallback`` (a new merge of the part, whose steps already received are skipped)."""
        for done in range(n):
            data = self.inbox.get()
            if data is None:
                rest = fallback()
                for _ in range(done):
                    next(rest)
                yield from rest
                return
            yield pickle.loads(data)

    def stop(self) -> None:
        """End the process (when it still runs) and the receiving thread."""
        if self.proc is not None:
            if self.proc.is_alive():
                self.proc.terminate()
            self.proc.join()
        if self.thread is not None:  # the process is gone, so its end of the pipe is closed: the thread ends
            while self.thread.is_alive():  # once what it waits to put in the full inbox is taken
                try:
                    self.inbox.get(timeout=0.05)
                except queue.Empty:
                    pass
            self.thread.join()
        self.receive.close()
