"""Load test of the HTTP API on loopback: reading a 10,000-event store, and many clients adding articles.

    python benchmarks/loadtest.py [--events 10000] [--clients 8] [--seconds 10] [--requests 4000] [--posts 100]

A server process holds a SQLite store filled with generated tables
(``timeline.synthetic``) and serves the API with werkzeug's threaded server
(HTTP/1.1 keep-alive). This process is the client: threads with one
persistent connection each. Phases, each bounded in time and count:

1. ``GET /api/events`` with a mix of filters (actors, types, date ranges,
   sources, free text, pages), each client sending its next request as soon
   as its answer is in (the server runs saturated): requests/s and
   p50/p95/p99 latency. Run with the API's answer cache (as served) and with
   it off (every request filters the table and renders its page).
2. ``POST /api/documents``: ``--posts`` generated articles sent by as many
   concurrent clients; every one must land (the store's document count and
   integrity check are read back).

Targets: >= 200 requests/s with p99 < 100 ms for the reads, every post
landed. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_RPS = 200
TARGET_P99_MS = 100.0


# --------------------------------------------------------------------------- server side


def serve(db: str, n_events: int, cache_size: int) -> None:
    """Fill a store (once) and serve the API on a free loopback port; print the port."""
    from flask import Flask
    from werkzeug.serving import WSGIRequestHandler, make_server

    from timeline.api import make_api
    from timeline.store import Store
    from timeline.synthetic import synthetic_corpus

    store = Store(db)
    if store.counts()["events"] == 0:
        events, mentions, documents = synthetic_corpus(n_events, seed=7)
        store.import_tables(events, mentions, documents)
    app = Flask("timeline-loadtest")
    app.register_blueprint(make_api(store, cache_size=cache_size))
    app.test_client().get("/api/events?limit=1")  # warm up: the table is read and prepared once

    class Handler(WSGIRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive

        def log_request(self, *args, **kwargs) -> None:  # no access log on the hot path
            pass

    srv = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Handler)
    print(srv.server_port, flush=True)
    srv.serve_forever()


def start_server(db: str, n_events: int, cache_size: int) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve", db, "--events", str(n_events), "--cache", str(cache_size)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    line = proc.stdout.readline()
    if not line.strip().isdigit():
        proc.kill()
        raise SystemExit(f"server did not start: {line!r}")
    return proc, int(line)


# --------------------------------------------------------------------------- client side


def query_mix(n_events: int) -> list[str]:
    """Realistic event queries: the vocabulary of the generated tables, ranges, pages."""
    from timeline.synthetic import load_vocabulary

    vocab = load_vocabulary()
    rng = random.Random(1)
    actors, publishers, places = vocab["actors"], vocab["publishers"], [p for p, _ in vocab["places"]]
    types = list(vocab["type_weights"])
    out = ["", "limit=50", "offset=100&limit=100", f"offset={n_events // 2}"]
    for _ in range(120):
        params: list[tuple[str, str]] = []
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(["actor", "actor", "type", "range", "source", "q", "page"])
            if kind == "actor":
                params.append(("actor", rng.choice(actors)))
            elif kind == "type":
                params.append(("type", rng.choice(types)))
            elif kind == "range":
                y = rng.randint(1995, 2023)
                params += [("start", str(y)), ("end", f"{y + rng.randint(0, 3)}-{rng.randint(1, 12):02d}")]
            elif kind == "source":
                params.append(("source", rng.choice(publishers)))
            elif kind == "q":
                params.append(("q", rng.choice(places)))
            else:
                params.append(("limit", str(rng.choice([20, 50, 100]))))
        out.append(urlencode(params))
    return out


def read_phase(port: int, queries: list[str], clients: int, seconds: float, max_requests: int) -> dict:
    """Send event queries from ``clients`` threads, each the next as soon as its answer is in."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(max_requests))
    deadline = time.perf_counter() + seconds

    def worker(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        rng = random.Random(k)
        mine: list[float] = []
        while time.perf_counter() < deadline:
            with lock:
                if next(counter, None) is None:
                    break
            q = rng.choice(queries)
            t0 = time.perf_counter()
            try:
                conn.request("GET", "/api/events" + (f"?{q}" if q else ""))
                resp = conn.getresponse()
                body = resp.read()
                if resp.status != 200:
                    errors.append(f"{resp.status} {body[:100]!r}")
            except (OSError, http.client.HTTPException) as exc:
                errors.append(repr(exc))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(mine)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    ms = sorted(x * 1000 for x in latencies)

    def pct(p: float) -> float:
        return ms[min(len(ms) - 1, int(p * len(ms)))] if ms else float("nan")

    return {"requests": len(ms), "seconds": elapsed, "rps": len(ms) / elapsed if elapsed else 0.0,
            "p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99), "mean": statistics.fmean(ms) if ms else float("nan"),
            "errors": errors}


def post_phase(port: int, n_posts: int) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from generated_articles import generated_articles

    articles = generated_articles(n_posts, seed=99)
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()
    start = threading.Barrier(n_posts)

    def post(a: dict) -> None:
        body = json.dumps({k: a[k] for k in ("id", "text", "title", "publisher", "published")})
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        start.wait()
        try:
            conn.request("POST", "/api/documents", body=body, headers={"Content-Type": "application/json"})
            resp = conn.getresponse()
            out = (resp.status, json.loads(resp.read()))
        except (OSError, http.client.HTTPException, ValueError) as exc:
            out = (0, {"error": repr(exc)})
        finally:
            conn.close()
        with lock:
            results.append(out)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=post, args=(a,)) for a in articles]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    added = sorted(i for status, body in results if status == 201 for i in body.get("added", []))
    failed = [(s, b) for s, b in results if s != 201]
    return {"posts": n_posts, "seconds": elapsed, "added": added, "failed": failed,
            "expected": sorted(a["id"] for a in articles)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=10_000, help="events in the store (generated)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent reading clients")
    ap.add_argument("--seconds", type=float, default=10.0, help="longest duration of each read phase")
    ap.add_argument("--requests", type=int, default=4000, help="most requests of each read phase")
    ap.add_argument("--posts", type=int, default=100, help="concurrent document posts")
    ap.add_argument("--serve", metavar="DB", help=argparse.SUPPRESS)
    ap.add_argument("--cache", type=int, default=256, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.serve:
        serve(args.serve, args.events, args.cache)
        return 0

    from timeline.store import Store

    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "loadtest.db")
        t0 = time.perf_counter()
        queries = query_mix(args.events)
        for label, cache in (("answer cache on", 256), ("answer cache off", 0)):
            proc, port = start_server(db, args.events, cache)
            if cache:
                print(f"store: {args.events} generated events, filled and served in {time.perf_counter() - t0:.1f} s")
            try:
                r = read_phase(port, queries, args.clients, args.seconds, args.requests)
            finally:
                proc.kill()
                proc.wait()
            met = r["rps"] >= TARGET_RPS and r["p99"] < TARGET_P99_MS and not r["errors"]
            verdict = "ok" if met else "MISSED"
            ok &= met
            print(f"GET /api/events ({label}; {len(queries)} distinct queries, {args.clients} clients): "
                  f"{r['requests']} requests in {r['seconds']:.1f} s = {r['rps']:.0f} req/s; "
                  f"latency p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, p99 {r['p99']:.1f} ms; "
                  f"errors {len(r['errors'])} [{verdict}: >= {TARGET_RPS} req/s, p99 < {TARGET_P99_MS:.0f} ms]")
            for e in r["errors"][:5]:
                print(f"  error: {e}")

        proc, port = start_server(db, args.events, 256)
        try:
            p = post_phase(port, args.posts)
        finally:
            proc.kill()
            proc.wait()
        with Store(db) as store:
            stored = set(store.documents()["doc_id"])
            problems = store.check()
        landed = [i for i in p["expected"] if i in stored]
        met = p["added"] == p["expected"] and len(landed) == args.posts and not p["failed"] and not problems
        ok &= met
        print(f"POST /api/documents: {args.posts} concurrent posts in {p['seconds']:.1f} s "
              f"({args.posts / p['seconds']:.1f} documents/s); {len(p['added'])} answered 201, {len(landed)} stored; "
              f"integrity problems {len(problems)} [{'ok' if met else 'MISSED'}: every post lands]")
        for s, b in p["failed"][:5]:
            print(f"  failed: {s} {b}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
