"""The HTTP API: the event table for scripts, and a way to add articles.

``make_api(store)`` returns a Flask blueprint to register on any Flask app
(the Dash app's ``app.server``, or a plain ``flask.Flask``)::

    GET  /api/events              filtered events (actor, type, start, end, source, q;
                                  repeat a parameter for a list), format=json|csv,
                                  limit/offset pages the JSON
    GET  /api/events/<id>         one event with its sources and evidence
    GET  /api/documents           stored documents (no texts), paged
    GET  /api/documents/<id>      one document with its text
    POST /api/documents           add articles: a JSON object or list of objects
                                  {"text", "title", "url", "publisher", "author",
                                  "published", "id"}, or multipart file uploads
    GET  /api/health              liveness and store counts
    GET  /api/openapi.json        the OpenAPI 3 description of all of the above

A date range whose start is after its end matches no event. Every error
answer is JSON ``{"error": "..."}`` with a 4xx status: 400 for a bad
parameter or body, 404 for an unknown id, 413 for a body, a document or a
batch over the limits of :class:`ApiLimits`, 415 for an unsupported content
or file type. Uploaded file names only choose the format and the id hint:
they never reach the file system.

Answers of ``GET /api/events`` are computed on a ``timeline.api_view.EventsView`` of the
store's current table (built once per change) and kept per query until the
store changes.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from flask import Blueprint, Response, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from timeline import export
from timeline.api_spec import openapi_spec
from timeline.api_view import ViewCache
from timeline.document import Document
from timeline.query import EventQuery, event_record, normalize_bound, sources_for
from timeline.store import IngestReport, Store, add_or_report

JSON_FIELDS = ("text", "title", "url", "publisher", "author", "published", "id")


@dataclass(frozen=True)
class ApiLimits:
    """What one request may carry.

    ``max_request_bytes``: the whole body (413 beyond). ``max_document_chars``:
    one article's text (413 beyond). ``max_documents``: articles or files in one
    request (413 beyond). ``max_page``: the largest ``limit`` of a page;
    ``default_page`` the page size when none is asked.
    """

    max_request_bytes: int = 8 * 1024 * 1024
    max_document_chars: int = 400_000
    max_documents: int = 50
    max_page: int = 1000
    default_page: int = 100


class ApiError(Exception):
    """An answer with a 4xx status and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _json(obj, status: int = 200) -> Response:
    return Response(json.dumps(obj, ensure_ascii=False), status=status, mimetype="application/json")


def _int_param(name: str, default: int, lo: int, hi: int | None = None) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"{name} must be an integer, not {raw!r}") from None
    if value < lo or (hi is not None and value > hi):
        raise ApiError(400, f"{name} must be between {lo} and {hi}" if hi is not None else f"{name} must be at least {lo}")
    return value


def _query() -> tuple[EventQuery, bool]:
    """The query of the request, and whether its date range is empty (start after end)."""
    params = {k: request.args.getlist(k) for k in request.args}
    try:
        start = normalize_bound(params.get("start", [""])[-1] or None)
        end = normalize_bound(params.get("end", [""])[-1] or None, end=True)
        if start and end and start > end:
            params = {k: v for k, v in params.items() if k not in ("start", "end")}
            return EventQuery.from_params(params), True
        return EventQuery.from_params(params), False
    except ValueError as exc:
        raise ApiError(400, str(exc)) from None


def safe_upload_name(filename: str | None) -> str:
    """The last component of a client's file name (any path syntax), without control characters."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name if name not in ("", ".", "..") else "upload.txt"


class _ResponseCache:
    """Rendered answers of the events list, keyed by store generation and query."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def documents_from_json(payload, limits: ApiLimits) -> list[Document]:
    """Documents from a JSON body: one object or a list of objects with at least ``text``."""
    from timeline.ingest import document_from_text

    items = payload if isinstance(payload, list) else [payload]
    if not items:
        raise ApiError(400, "no documents in the request")
    if len(items) > limits.max_documents:
        raise ApiError(413, f"too many documents in one request ({len(items)}; limit {limits.max_documents})")
    docs = []
    for i, item in enumerate(items):
        where = f"document {i}" if isinstance(payload, list) else "document"
        if not isinstance(item, dict):
            raise ApiError(400, f"{where}: expected an object with a 'text' field")
        unknown = sorted(set(item) - set(JSON_FIELDS))
        if unknown:
            raise ApiError(400, f"{where}: unknown field(s) {', '.join(unknown)} (known: {', '.join(JSON_FIELDS)})")
        for key in JSON_FIELDS:
            if item.get(key) is not None and not isinstance(item[key], str):
                raise ApiError(400, f"{where}: '{key}' must be a string")
        text = (item.get("text") or "").replace("\x00", "")
        if not text.strip():
            raise ApiError(400, f"{where}: 'text' is required and must not be empty")
        if len(text) > limits.max_document_chars:
            raise ApiError(413, f"{where}: text too long ({len(text)} characters; limit {limits.max_document_chars})")
        try:
            doc = document_from_text(
                text, id=(item.get("id") or "").replace("\x00", "").strip() or None, title=item.get("title") or "", url=item.get("url") or "",
                publisher=item.get("publisher") or "", author=item.get("author") or "", published=item.get("published") or None,
            )
        except ValueError as exc:
            raise ApiError(400, f"{where}: {exc}") from None
        docs.append(doc)
    return docs


def documents_from_files(files, published: str | None, limits: ApiLimits) -> tuple[list[Document], list]:
    """Documents from uploaded files (``werkzeug.FileStorage``); file names only pick the format."""
    from timeline.ingest import read_upload
    from timeline.ingest_fields import load_config

    if not files:
        raise ApiError(400, "no files in the request (send JSON, or multipart/form-data with file fields)")
    if len(files) > limits.max_documents:
        raise ApiError(413, f"too many files in one request ({len(files)}; limit {limits.max_documents})")
    config = load_config()
    named = [(safe_upload_name(f.filename), f) for f in files]
    for name, _ in named:
        if config.format_of(name) is None:
            known = ", ".join(sorted(config.extensions))
            raise ApiError(415, f"{name}: unsupported file type (supported: {known})")
    docs: list[Document] = []
    problems: list = []
    for name, f in named:
        data = f.read(limits.max_request_bytes + 1)
        try:
            items = list(read_upload(name, data, published=published, max_bytes=limits.max_document_chars * 4))
        except ValueError as exc:
            raise ApiError(400, str(exc)) from None
        for item in items:
            if isinstance(item, Document):
                if len(item.text) > limits.max_document_chars:
                    raise ApiError(413, f"{name}: text too long ({len(item.text)} characters; limit {limits.max_document_chars})")
                docs.append(item)
            else:
                problems.append(item)
    if len(docs) > limits.max_documents:
        raise ApiError(413, f"too many documents in one request ({len(docs)}; limit {limits.max_documents})")
    return docs, problems


def upload_documents(store: Store, limits: ApiLimits | None = None) -> Callable[[list, str | None], dict]:
    """An uploader for the Dash app: ``(files, published) -> {"added", "skipped", "problems", "events_added", "tables"}``.

    ``files`` is ``[(file name, bytes), ...]``; the same limits and rules as
    ``POST /api/documents`` apply, but every refusal is reported as a problem
    line instead of an error status. ``tables`` are the store's tables after
    the additions.
    """
    limits = limits or ApiLimits()

    def upload(files: list, published: str | None = None) -> dict:
        report = IngestReport()
        try:
            docs, problems = documents_from_files([_Upload(name, data) for name, data in files], published, limits)
            report.problems.extend(problems)
            for doc in docs:
                add_or_report(store, doc, report)
        except ApiError as exc:
            report.problems.append(exc.message)
        return {"added": report.added, "skipped": report.skipped, "events_added": report.events_added,
                "problems": [str(p) for p in report.problems], "tables": store.tables()}

    return upload


@dataclass
class _Upload:
    """A file given as name and bytes, read like an uploaded file."""

    filename: str
    data: bytes

    def read(self, n: int = -1) -> bytes:
        return self.data if n < 0 else self.data[:n]


def make_api(
    store: Store,
    *,
    limits: ApiLimits | None = None,
    url_prefix: str = "/api",
    on_added: Callable[[IngestReport], None] | None = None,
    cache_size: int = 256,
) -> Blueprint:
    """The API blueprint over ``store``.

    ``on_added`` is called after a POST added documents. ``cache_size`` answers
    of ``GET /api/events`` are kept, per query, until the store changes (0: none).
    """
    limits = limits or ApiLimits()
    bp = Blueprint("timeline_api", __name__, url_prefix=url_prefix)
    cache = _ResponseCache(cache_size)
    views = ViewCache()

    @bp.before_request
    def _limit_body():
        request.max_content_length = limits.max_request_bytes
        if request.content_length is not None and request.content_length > limits.max_request_bytes:
            raise ApiError(413, f"request body too large ({request.content_length} bytes; limit {limits.max_request_bytes})")

    @bp.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        return _json({"error": exc.message}, exc.status)

    @bp.errorhandler(RequestEntityTooLarge)
    def _too_large(exc):
        return _json({"error": f"request body too large (limit {limits.max_request_bytes} bytes)"}, 413)

    @bp.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        return _json({"error": exc.description or exc.name}, exc.code or 500)

    @bp.get("/health")
    def health():
        counts = store.counts()
        return _json({"status": "ok", "backend": store.backend, **counts})

    @bp.get("/openapi.json")
    def openapi():
        return _json(openapi_spec(limits, url_prefix=url_prefix))

    @bp.get("/events")
    def events():
        fmt = request.args.get("format", "json")
        if fmt not in ("json", "csv"):
            raise ApiError(400, f"format must be json or csv, not {fmt!r}")
        query, nothing = _query()
        paged = fmt == "json" or "limit" in request.args or "offset" in request.args
        limit = _int_param("limit", limits.default_page, 1, limits.max_page)
        offset = _int_param("offset", 0, 0)
        gen = store.generation()
        key = (gen, query.to_query_string(), nothing, fmt, limit if paged else None, offset)
        hit = cache.get(key)
        if hit is None:
            view = views.get(gen, store.events_frame)
            found = view.positions(query)[:0] if nothing else view.positions(query)
            page = found[offset : offset + limit] if paged else found
            if fmt == "csv":
                hit = (export.csv_bytes(view.events.iloc[page]), "text/csv; charset=utf-8")
            else:
                head = json.dumps({"total": len(found), "offset": offset, "limit": limit, "query": query.to_params()},
                                  ensure_ascii=False)
                body = head[:-1] + ', "events": [' + ", ".join(view.json_rows(page)) + "]}"
                hit = (body.encode("utf-8"), "application/json")
            cache.put(key, hit)
        data, mimetype = hit
        resp = Response(data, mimetype=mimetype)
        if fmt == "csv":
            resp.headers["Content-Disposition"] = 'attachment; filename="events.csv"'
        return resp

    @bp.get("/events/<event_id>")
    def event(event_id: str):
        ev, me, docs = store.tables()
        record = event_record(event_id, ev)
        if record is None:
            raise ApiError(404, f"no event {event_id!r}")
        sources = sources_for(event_id, ev, me, docs)
        for s in sources:
            s["segments"] = [{"text": t, "kind": k} for t, k in s["segments"]]
        mentions = export.records(me[me["event_id"] == event_id])
        return _json({"event": record, "sources": sources, "mentions": mentions})

    @bp.get("/documents")
    def documents():
        limit = _int_param("limit", limits.default_page, 1, limits.max_page)
        offset = _int_param("offset", 0, 0)
        df = store.documents_frame()
        return _json({"total": len(df), "offset": offset, "limit": limit,
                      "documents": export.records(df.iloc[offset : offset + limit])})

    @bp.get("/documents/<doc_id>")
    def document(doc_id: str):
        doc = store.document(doc_id)
        if doc is None:
            raise ApiError(404, f"no document {doc_id!r}")
        df = store.documents_frame()
        row = export.records(df[df["doc_id"] == doc_id])
        record = row[0] if row else {"doc_id": doc.id}
        return _json({**record, "text": doc.text})

    @bp.post("/documents")
    def add_documents():
        mimetype = request.mimetype
        problems: list = []
        if mimetype == "application/json":
            payload = request.get_json(silent=True)
            if payload is None:
                raise ApiError(400, "the body is not valid JSON")
            docs = documents_from_json(payload, limits)
        elif mimetype == "multipart/form-data":
            published = request.form.get("published") or None
            files = [f for key in request.files for f in request.files.getlist(key)]
            docs, problems = documents_from_files(files, published, limits)
        else:
            raise ApiError(415, f"unsupported content type {mimetype or '(none)'}; send application/json or multipart/form-data")
        report = IngestReport(problems=list(problems))
        for doc in docs:
            add_or_report(store, doc, report)
        if report.added and on_added is not None:
            on_added(report)
        body = {
            "added": report.added,
            "skipped": report.skipped,
            "events_added": report.events_added,
            "problems": [str(p) for p in report.problems],
        }
        if not report.added and not report.skipped:
            body["error"] = "; ".join(body["problems"]) or "no document could be read"
            return _json(body, 400)
        return _json(body, 201 if report.added else 200)

    return bp
