"""The ``timeline`` command line.

    timeline build PATH... --out events.csv [--mentions-out mentions.csv] [--db timeline.db | --in-memory]
    timeline tag [--dct YYYY-MM-DD] FILE...
    timeline ingest PATH... [--db timeline.db]
    timeline export --out events.csv [--actor X] [--type T] [--db timeline.db]
    timeline serve [--host 127.0.0.1] [--port 8050] [--db timeline.db] [PATH...]
    timeline eval seeds | timeline eval tempeval DIR | timeline eval expressions [PATH]

Every error is one line on stderr (``timeline: <what went wrong>``) and a
non-zero exit code.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


class CliError(Exception):
    """An error to report to the user as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        raise CliError(f"{self.prog}: {message} (see '{self.prog} --help')")


def _date_arg(value: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def format_for_path(path: str) -> str:
    """Export format named by a file's extension (csv when unknown)."""
    suffix = Path(path).suffix.lower()
    return {".json": "json", ".parquet": "parquet", ".pq": "parquet"}.get(suffix, "csv")


def _print_problems(problems) -> None:
    for p in problems:
        level = getattr(p, "level", "error")
        prefix = "note" if level == "notice" else "error"
        print(f"timeline: {prefix}: {p}", file=sys.stderr)


def _store(args):
    from timeline.store import Store, resolve_db

    return Store(resolve_db(args.db))


def _start_workers_early(args) -> None:
    """With local worker processes, launch the server they start from now: it gets ready while this process
    imports and reads (``timeline.process_server``)."""
    if args.workers > 1 and args.engine == "local":
        from timeline import process_server

        process_server.start()


def cmd_build(args) -> int:
    _start_workers_early(args)
    from timeline import export
    from timeline.parallel import build_parallel

    fmt = args.format or format_for_path(args.out)
    if not args.in_memory:
        # through the store: only new content is processed, and the tables are the store's, written in chunks
        with _store(args) as store:
            report = _ingest(store, args)
            problems = report.problems
            print(f"timeline: {report.n_added} document(s) added, {report.n_skipped} already stored "
                  f"({store.url})", file=sys.stderr)
            _print_problems(problems)
            with _table_reader(store, args) as tables:
                _write_events(tables, args.out, fmt)
                if args.mentions_out:
                    _write_table(tables.mentions(), args.mentions_out, format_for_path(args.mentions_out))
                if args.documents_out:
                    _write_table(tables.documents(), args.documents_out, format_for_path(args.documents_out),
                                 mentions=False)
                counts = tables.counts()
        n_docs, n_mentions, n_events = counts["documents"], counts["mentions"], counts["events"]
    else:
        result = build_parallel(args.paths, workers=args.workers, engine=args.engine, scheduler=args.scheduler,
                                manifest=args.manifest, published=args.published,
                                actors_files=args.actors or (), progress=None)
        events, mentions, documents, problems = result.events, result.mentions, result.documents, result.problems
        _print_problems(problems)
        export.export(events, args.out, fmt, mentions=mentions)
        if args.mentions_out:
            export.export(mentions, args.mentions_out, format_for_path(args.mentions_out))
        if args.documents_out:
            export.export(documents, args.documents_out, format_for_path(args.documents_out))
        n_docs, n_mentions, n_events = len(documents), len(mentions), len(events)
    errors = [p for p in problems if getattr(p, "level", "error") == "error"]
    print(
        f"timeline: {n_docs} document(s), {n_mentions} event mention(s), {n_events} event(s) -> {args.out}",
        file=sys.stderr,
    )
    if n_docs == 0:
        raise CliError("no document could be read")
    return 1 if errors else 0


def _table_reader(store, args):
    """The store's tables read ``--chunk-rows`` rows at a time."""
    return store.table_reader(args.chunk_rows)


def _write_table(chunks, out: str, fmt: str, *, mentions: bool = True) -> int:
    """Write a table read in chunks; returns its rows.

    Formats that need the whole table (TimelineJS) get it assembled; with
    ``mentions`` it is also the mentions table TimelineJS quotes.
    """
    from timeline import export

    if fmt in export.CHUNKED_FORMATS:
        return export.export_chunks(chunks, out, fmt)
    table = _concat(chunks)
    export.export(table, out, fmt, mentions=table if mentions else None)
    return len(table)


def _write_events(tables, out: str, fmt: str, export_query=None) -> int:
    """Write the event table (only the events ``export_query`` keeps, when given); returns the rows written.

    CSV, JSON and Parquet are written a chunk at a time. TimelineJS needs
    the kept events and their mentions whole: only those are held.
    """
    from timeline import export
    from timeline.query import filter_events

    def kept():
        for chunk in tables.events():
            yield chunk if export_query is None else filter_events(chunk, export_query)

    if fmt in export.CHUNKED_FORMATS:
        return export.export_chunks(kept(), out, fmt)
    events = _concat(kept())
    keep = set(events["event_id"].dropna())
    mentions = _concat(m[m["event_id"].isin(keep)] for m in tables.mentions())
    export.export(events, out, fmt, mentions=mentions)
    return len(events)


def _concat(chunks):
    """One DataFrame from the chunks of a table (which always gives at least one)."""
    import pandas as pd

    parts = list(chunks)
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)


def _ingest(store, args):
    from timeline.store import ingest_paths

    return ingest_paths(store, args.paths, manifest=args.manifest, published=args.published,
                        actors_files=args.actors or (), workers=args.workers, engine=args.engine,
                        scheduler=args.scheduler, merge_every=getattr(args, "merge_every", None),
                        merge_interval=getattr(args, "merge_interval", None) or None, keep_ids=False)


def cmd_ingest(args) -> int:
    _start_workers_early(args)
    with _store(args) as store:
        report = _ingest(store, args)
        counts = store.counts()
        url = store.url
    _print_problems(report.problems)
    print(
        f"timeline: {report.n_added} document(s) added, {report.n_skipped} already stored, "
        f"{report.events_added} new event(s); the store holds "
        + ", ".join(f"{n} {k}" for k, n in counts.items())
        + f" ({url})",
        file=sys.stderr,
    )
    return 1 if report.errors else 0


def cmd_export(args) -> int:
    from timeline.query import EventQuery

    query = EventQuery(actors=args.actor or [], types=args.type or [], start=args.start, end=args.end,
                       sources=args.source or [], q=args.q or "")
    fmt = args.format or format_for_path(args.out)
    with _store(args) as store, _table_reader(store, args) as tables:
        if args.table == "events":
            rows = _write_events(tables, args.out, fmt, export_query=query)
        elif args.table == "mentions":
            rows = _write_table(tables.mentions(), args.out, fmt)
        else:
            rows = _write_table(tables.documents(), args.out, fmt, mentions=False)
    print(f"timeline: {rows} row(s) -> {args.out}", file=sys.stderr)
    return 0


def _tag_inputs(files: list[str], dct: str | None):
    """Yield (doc name, text, dct) for each file; JSONL gives one per article.

    Files are read as they are (UTF-8, BOM removed) rather than through
    ``timeline.ingest``, which normalizes line endings and extracts HTML text:
    ``tag`` reports offsets into the file's own text.
    """
    for f in files:
        path = Path(f)
        if not path.exists():
            raise CliError(f"{f}: no such file")
        if path.is_dir():
            raise CliError(f"{f}: is a directory (give files)")
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CliError(f"{f}: not UTF-8 text") from None
        if path.suffix.lower() == ".jsonl":
            for n, line in enumerate(text.splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                    body = rec["text"]
                except (ValueError, KeyError, TypeError):
                    raise CliError(f"{f}:{n}: not a JSON object with a 'text' field") from None
                yield str(rec.get("id") or f"{path.stem}-{n}"), body, dct or rec.get("published")
        else:
            yield path.name, text, dct


def cmd_tag(args) -> int:
    from timeline.temporal import tag

    for name, text, dct in _tag_inputs(args.files, args.dct):
        mentions = tag(text, dct=dct)
        out = {
            "doc": name,
            "dct": dct,
            "timexes": [
                {"start": m.start, "end": m.end, "text": m.text, "value": m.value, "type": m.type, "mod": m.mod}
                for m in mentions
            ],
        }
        print(json.dumps(out, ensure_ascii=False))
    return 0


def cmd_serve(args) -> int:
    from dash_app.app import main as serve_main

    return serve_main(host=args.host, port=args.port, paths=args.paths or None, db=args.db, debug=args.debug) or 0


def cmd_eval(args) -> int:
    if args.what == "seeds":
        from timeline.evaluation.report import main as seeds_main

        return seeds_main(args.rest)
    if args.what == "tempeval":
        from timeline.evaluation.tempeval import main as tempeval_main

        return tempeval_main(args.rest)
    if args.what == "mentions":
        from timeline.evaluation.seed_mentions import main as mentions_main

        return mentions_main(args.rest)
    if args.what == "expressions":
        from timeline.evaluation.expressions import main as expressions_main

        return expressions_main(args.rest)
    raise CliError(f"unknown evaluation: {args.what}")


def _input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--manifest", help="manifest CSV (file,id,title,publisher,author,url,published); "
                   "default: manifest.csv beside the files")
    p.add_argument("--published", type=_date_arg, help="publication date (YYYY-MM-DD) for documents that have none")
    p.add_argument("--actors", action="append", metavar="FILE",
                   help="extra actors/aliases CSV (canonical,type,alias[,parent]); repeatable")


def _engine_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, default=1, help="extraction processes (default 1)")
    p.add_argument("--engine", choices=["local", "dask"], default="local", help="local process pool or a Dask cluster")
    p.add_argument("--scheduler", help="address of a running Dask scheduler (default: a local cluster for the run)")


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text!r}")
    return value


def _merge_options(p: argparse.ArgumentParser, interval: float) -> None:
    p.add_argument("--merge-every", type=int, metavar="N",
                   help="in a long run, also merge after every N new documents so readers of the store see progress")
    p.add_argument("--merge-interval", type=_non_negative, metavar="SECONDS", default=interval,
                   help=f"also merge when this many seconds have passed since the last merge (0: only at the end; "
                   f"default {interval:g})")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {text!r}")
    return value


#: ``timeline.store_reader.CHUNK_ROWS``, named here so that ``--help`` imports neither pandas nor the store.
DEFAULT_CHUNK_ROWS = 2000


def _chunk_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--chunk-rows", type=_positive_int, metavar="N", default=DEFAULT_CHUNK_ROWS,
                   help=f"rows read from the store and written at a time (default {DEFAULT_CHUNK_ROWS}); "
                   "memory holds one chunk, not the whole tables")


def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="the store: a SQLite file path or a database URL "
                   "(default: $TIMELINE_DB, else ./timeline.db)")


def make_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="timeline", description="Event timelines from news articles.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    b = sub.add_parser("build", help="extract events from articles and write the event table",
                       description="Read articles (.txt, .html, .jsonl, .csv, or directories of them), "
                       "extract and merge their events, and write the event table.")
    b.add_argument("paths", nargs="+", metavar="PATH", help="files or directories to read")
    b.add_argument("--out", required=True, help="where to write the event table (.csv, .json, .parquet; "
                   "or --format timelinejs)")
    b.add_argument("--format", choices=["csv", "json", "parquet", "timelinejs"], help="output format (default: from --out's extension)")
    b.add_argument("--mentions-out", help="also write the event-mentions table here")
    b.add_argument("--documents-out", help="also write the documents table here")
    _input_options(b)
    _db_option(b)
    b.add_argument("--in-memory", action="store_true",
                   help="build from these files alone, in memory, without reading or writing a store")
    _engine_options(b)
    _merge_options(b, 0.0)
    _chunk_option(b)
    b.set_defaults(func=cmd_build)

    i = sub.add_parser("ingest", help="add articles to the store (only new content is processed)",
                       description="Add articles to the store. Re-ingesting the same content changes nothing; "
                       "events gain sources without renumbering.")
    i.add_argument("paths", nargs="+", metavar="PATH", help="files or directories to read")
    _input_options(i)
    _engine_options(i)
    _merge_options(i, 60.0)
    _db_option(i)
    i.set_defaults(func=cmd_ingest)

    x = sub.add_parser("export", help="write the store's tables (optionally filtered)",
                       description="Export the event table (or the mentions/documents table) from the store, "
                       "with the same filters as the app and the API.")
    x.add_argument("--out", required=True, help="output file (.csv, .json, .parquet; or --format timelinejs)")
    x.add_argument("--format", choices=["csv", "json", "parquet", "timelinejs"])
    x.add_argument("--table", choices=["events", "mentions", "documents"], default="events")
    x.add_argument("--actor", action="append", help="keep events with this actor (repeatable)")
    x.add_argument("--type", action="append", help="keep events of this type (repeatable)")
    x.add_argument("--start", help="keep events ending on or after this date (YYYY[-MM[-DD]])")
    x.add_argument("--end", help="keep events starting on or before this date (YYYY[-MM[-DD]])")
    x.add_argument("--source", action="append", help="keep events cited by this publisher or document id (repeatable)")
    x.add_argument("--q", help="free-text search over titles and evidence")
    _db_option(x)
    _chunk_option(x)
    x.set_defaults(func=cmd_export)

    t = sub.add_parser("tag", help="print the time expressions of files as JSON lines",
                       description="Find and normalize time expressions; one JSON line per file "
                       "(per article for .jsonl, whose 'published' is the DCT).")
    t.add_argument("files", nargs="+", metavar="FILE")
    t.add_argument("--dct", type=_date_arg, help="document creation time (YYYY-MM-DD) to resolve relative dates against")
    t.set_defaults(func=cmd_tag)

    s = sub.add_parser("serve", help="start the timeline web app",
                       description="Serve the interactive timeline and the HTTP API over the store; "
                       "PATHs given are ingested into the store first.")
    s.add_argument("paths", nargs="*", metavar="PATH", help="articles to add to the store before serving")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8050)
    s.add_argument("--debug", action="store_true", help="Dash debug mode (reloads on code changes)")
    _db_option(s)
    s.set_defaults(func=cmd_serve)

    e = sub.add_parser("eval", help="score against gold data",
                       description="seeds: events, merging and time mentions against the seed gold; "
                       "tempeval DIR: the temporal tagger on TimeML files; mentions: seed time mentions only; "
                       "expressions [PATH]: the temporal tagger on news sentences with expected annotations.")
    e.add_argument("what", choices=["seeds", "tempeval", "mentions", "expressions"])
    e.add_argument("rest", nargs=argparse.REMAINDER, help="arguments of that evaluation (see 'timeline eval WHAT --help')")
    e.set_defaults(func=cmd_eval)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"timeline: {exc}" if not str(exc).startswith("timeline") else str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("timeline: interrupted", file=sys.stderr)
        return 130
    except (OSError, ValueError) as exc:
        print(f"timeline: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
