"""The ``timeline`` command line.

    timeline build PATH... --out events.csv [--mentions-out mentions.csv]
    timeline tag [--dct YYYY-MM-DD] FILE...
    timeline serve [--host 127.0.0.1] [--port 8050] [PATH...]
    timeline eval seeds | timeline eval tempeval DIR

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


def cmd_build(args) -> int:
    from timeline import export
    from timeline.pipeline import build_paths

    result = build_paths(args.paths, manifest=args.manifest, published=args.published, actors_files=args.actors or ())
    _print_problems(result.problems)
    fmt = args.format or format_for_path(args.out)
    export.export(result.events, args.out, fmt, mentions=result.mentions)
    if args.mentions_out:
        export.export(result.mentions, args.mentions_out, format_for_path(args.mentions_out))
    if args.documents_out:
        export.export(result.documents, args.documents_out, format_for_path(args.documents_out))
    n_docs = len(result.documents)
    print(
        f"timeline: {n_docs} document(s), {len(result.mentions)} event mention(s), "
        f"{len(result.events)} event(s) -> {args.out}",
        file=sys.stderr,
    )
    if n_docs == 0:
        raise CliError("no document could be read")
    return 1 if result.errors else 0


def _tag_inputs(files: list[str], dct: str | None):
    """Yield (doc name, text, dct) for each file; JSONL gives one per article."""
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

    return serve_main(host=args.host, port=args.port, paths=args.paths or None, debug=args.debug) or 0


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
    raise CliError(f"unknown evaluation: {args.what}")


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
    b.add_argument("--manifest", help="manifest CSV (file,id,title,publisher,author,url,published); "
                   "default: manifest.csv beside the files")
    b.add_argument("--published", type=_date_arg, help="publication date (YYYY-MM-DD) for documents that have none")
    b.add_argument("--actors", action="append", metavar="FILE", help="extra actors/aliases CSV (canonical,type,alias[,parent]); repeatable")
    b.set_defaults(func=cmd_build)

    t = sub.add_parser("tag", help="print the time expressions of files as JSON lines",
                       description="Find and normalize time expressions; one JSON line per file "
                       "(per article for .jsonl, whose 'published' is the DCT).")
    t.add_argument("files", nargs="+", metavar="FILE")
    t.add_argument("--dct", type=_date_arg, help="document creation time (YYYY-MM-DD) to resolve relative dates against")
    t.set_defaults(func=cmd_tag)

    s = sub.add_parser("serve", help="start the timeline web app",
                       description="Serve the interactive timeline (default: the seed corpus).")
    s.add_argument("paths", nargs="*", metavar="PATH", help="articles to build the timeline from (default: seeds)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8050)
    s.add_argument("--debug", action="store_true", help="Dash debug mode (reloads on code changes)")
    s.set_defaults(func=cmd_serve)

    e = sub.add_parser("eval", help="score against gold data",
                       description="seeds: events, merging and time mentions against the seed gold; "
                       "tempeval DIR: the temporal tagger on TimeML files; mentions: seed time mentions only.")
    e.add_argument("what", choices=["seeds", "tempeval", "mentions"])
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
