"""The OpenAPI 3 description of the HTTP API (served at ``/api/openapi.json``).

The row schemas are generated from :mod:`timeline.schema`, so the description
names exactly the columns the API returns.
"""

from __future__ import annotations

from timeline import schema

_TYPES = {"string": {"type": ["string", "null"]}, "Int64": {"type": ["integer", "null"]}, "Float64": {"type": ["number", "null"]}}


def row_schema(columns: tuple[schema.Column, ...]) -> dict:
    """A JSON Schema object for one table row: every column, its type and meaning."""
    return {
        "type": "object",
        "required": [c.name for c in columns],
        "properties": {c.name: {**_TYPES[c.dtype], "description": c.meaning} for c in columns},
    }


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _list_param(name: str, description: str) -> dict:
    return {
        "name": name, "in": "query", "required": False, "description": description + " Repeat the parameter for a list (any item matches).",
        "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": True,
    }


# YYYY, YYYY-MM or YYYY-MM-DD naming a real month and day (29 February left out), or empty (no bound).
_DATE_PATTERN = (
    r"^([1-9][0-9]{3}(-((0[13578]|1[02])(-(0[1-9]|[12][0-9]|3[01]))?|(0[469]|11)(-(0[1-9]|[12][0-9]|30))?"
    r"|02(-(0[1-9]|1[0-9]|2[0-8]))?))?)?$"
)


def openapi_spec(limits, url_prefix: str = "/api") -> dict:
    """The OpenAPI 3.1 document for an API with these :class:`timeline.api.ApiLimits`."""
    page = [
        {"name": "limit", "in": "query", "required": False, "description": "Rows per page.",
         "schema": {"type": "integer", "minimum": 1, "maximum": limits.max_page, "default": limits.default_page}},
        {"name": "offset", "in": "query", "required": False, "description": "Rows to skip.",
         "schema": {"type": "integer", "minimum": 0, "default": 0}},
    ]
    event_filters = [
        _list_param("actor", "Events involving this actor (canonical name)."),
        _list_param("type", "Events of this type (" + ", ".join(schema.EVENT_TYPES) + ")."),
        {"name": "start", "in": "query", "required": False,
         "description": "Keep events whose dates overlap [start, end]; YYYY, YYYY-MM or YYYY-MM-DD (a partial date "
                        "stands for its whole period; empty: no bound). A range whose start is after its end matches nothing.",
         "schema": {"type": "string", "pattern": _DATE_PATTERN}},
        {"name": "end", "in": "query", "required": False, "description": "End of the date range (YYYY, YYYY-MM or YYYY-MM-DD).",
         "schema": {"type": "string", "pattern": _DATE_PATTERN}},
        _list_param("source", "Events cited by this document id or publisher."),
        {"name": "q", "in": "query", "required": False,
         "description": "Free text: every word must occur in the title or the evidence.", "schema": {"type": "string"}},
    ]
    document_in = {
        "type": "object",
        "required": ["text"],
        "additionalProperties": False,
        "properties": {
            "text": {"type": "string", "minLength": 1, "maxLength": limits.max_document_chars, "pattern": r"\S",
                     "description": "The article text (not only white space)."},
            "title": {"type": "string"},
            "url": {"type": "string"},
            "publisher": {"type": "string"},
            "author": {"type": "string"},
            "published": {"type": "string", "format": "date", "description": "Publication date, YYYY-MM-DD."},
            "id": {"type": "string", "description": "Document id (default: from the title, else from the content); "
                   "an id taken by other content gets a -2, -3... suffix."},
        },
    }
    added = {
        "type": "object",
        "required": ["added", "skipped", "events_added", "problems"],
        "properties": {
            "added": {"type": "array", "items": {"type": "string"}, "description": "Ids of the new documents."},
            "skipped": {"type": "array", "items": {"type": "string"}, "description": "Ids of documents already stored (same content)."},
            "events_added": {"type": "integer", "minimum": 0, "description": "Events that did not exist before."},
            "problems": {"type": "array", "items": {"type": "string"}},
            "error": {"type": "string"},
        },
    }
    source = {
        "type": "object",
        "required": ["doc_id", "publisher", "sentence", "time_text", "highlights", "segments"],
        "properties": {
            "doc_id": {"type": "string"}, "publisher": {"type": "string"}, "title": {"type": "string"},
            "published": {"type": "string"}, "url": {"type": "string"}, "sentence": {"type": "string"},
            "char_start": {"type": ["integer", "null"]}, "time_text": {"type": "string"}, "time_value": {"type": "string"},
            "date_start": {"type": "string"}, "date_end": {"type": "string"}, "precision": {"type": "string"},
            "killed": {"type": "string"}, "wounded": {"type": "string"},
            "actors": {"type": "array", "items": {"type": "string"}},
            "highlights": {"type": "array", "items": {"type": "object"}},
            "segments": {"type": "array", "items": {"type": "object", "properties": {
                "text": {"type": "string"}, "kind": {"type": ["string", "null"]}}}},
        },
    }
    ref = lambda name: {"$ref": f"#/components/schemas/{name}"}  # noqa: E731
    bad = _error("A parameter or the body is not valid.")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "timeline",
            "version": "1",
            "description": "Events reconstructed from news articles: query them, see their sources, add articles.",
        },
        "paths": {
            f"{url_prefix}/events": {
                "get": {
                    "operationId": "listEvents",
                    "summary": "Events matching the filters (the same filters as the app).",
                    "parameters": [*event_filters, *page, {
                        "name": "format", "in": "query", "required": False,
                        "description": "json (a page of events) or csv (every matching event unless limit/offset are given).",
                        "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"}}],
                    "responses": {
                        "200": {"description": "The matching events.", "content": {
                            "application/json": {"schema": {
                                "type": "object", "required": ["total", "offset", "limit", "events"],
                                "properties": {"total": {"type": "integer"}, "offset": {"type": "integer"}, "limit": {"type": "integer"},
                                               "query": {"type": "object"}, "events": {"type": "array", "items": ref("Event")}}}},
                            "text/csv": {"schema": {"type": "string"}}}},
                        "400": bad,
                    },
                }
            },
            f"{url_prefix}/events/{{event_id}}": {
                "get": {
                    "operationId": "getEvent",
                    "summary": "One event with every source and its evidence.",
                    "parameters": [{"name": "event_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {"description": "The event.", "content": {"application/json": {"schema": {
                            "type": "object", "required": ["event", "sources", "mentions"],
                            "properties": {"event": ref("Event"), "sources": {"type": "array", "items": ref("Source")},
                                           "mentions": {"type": "array", "items": ref("Mention")}}}}}},
                        "404": _error("No such event."),
                    },
                }
            },
            f"{url_prefix}/documents": {
                "get": {
                    "operationId": "listDocuments",
                    "summary": "Stored documents, in the order they were added (no texts).",
                    "parameters": page,
                    "responses": {
                        "200": {"description": "A page of documents.", "content": {"application/json": {"schema": {
                            "type": "object", "required": ["total", "offset", "limit", "documents"],
                            "properties": {"total": {"type": "integer"}, "offset": {"type": "integer"}, "limit": {"type": "integer"},
                                           "documents": {"type": "array", "items": ref("Document")}}}}}},
                        "400": bad,
                    },
                },
                "post": {
                    "operationId": "addDocuments",
                    "summary": "Add articles; content already stored is skipped.",
                    "description": (
                        f"A JSON object or a list of objects, or multipart/form-data file uploads (.txt, .md, .html, .jsonl, .csv; "
                        f"an optional 'published' form field). At most {limits.max_documents} documents per request, "
                        f"{limits.max_document_chars} characters per document, {limits.max_request_bytes} bytes per request."
                    ),
                    "requestBody": {"required": True, "content": {
                        "application/json": {"schema": {"oneOf": [ref("DocumentIn"), {
                            "type": "array", "minItems": 1, "maxItems": limits.max_documents, "items": ref("DocumentIn")}]}},
                        "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                            "file": {"type": "array", "minItems": 1, "maxItems": limits.max_documents,
                                     "items": {"type": "string", "format": "binary"},
                                     "description": "Article files; the file name's extension gives the format."},
                            "published": {"type": "string", "format": "date",
                                          "description": "Publication date of files that give none."}}}},
                    }},
                    "responses": {
                        "201": {"description": "Documents added.", "content": {"application/json": {"schema": ref("Added")}}},
                        "200": {"description": "Every document was already stored.", "content": {"application/json": {"schema": ref("Added")}}},
                        "400": _error("The body could not be read, or no document in it could."),
                        "413": _error("The body, a document or the number of documents is over the limit."),
                        "415": _error("Unsupported content type or file type."),
                    },
                },
            },
            f"{url_prefix}/documents/{{doc_id}}": {
                "get": {
                    "operationId": "getDocument",
                    "summary": "One document with its text.",
                    "parameters": [{"name": "doc_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {"description": "The document.", "content": {"application/json": {"schema": {
                            "allOf": [ref("Document"), {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}]}}}},
                        "404": _error("No such document."),
                    },
                }
            },
            f"{url_prefix}/health": {
                "get": {
                    "operationId": "health",
                    "summary": "Liveness and store counts.",
                    "responses": {"200": {"description": "The service works.", "content": {"application/json": {"schema": {
                        "type": "object", "required": ["status", "backend", "documents", "events"],
                        "properties": {"status": {"const": "ok"}, "backend": {"type": "string"}, "documents": {"type": "integer"},
                                       "mentions": {"type": "integer"}, "events": {"type": "integer"}, "generation": {"type": "integer"}}}}}}},
                }
            },
            f"{url_prefix}/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This description.",
                    "responses": {"200": {"description": "OpenAPI 3 document.", "content": {"application/json": {"schema": {"type": "object"}}}}},
                }
            },
        },
        "components": {
            "schemas": {
                "Event": row_schema(schema.EVENT_COLUMNS),
                "Mention": row_schema(schema.MENTION_COLUMNS),
                "Document": row_schema(schema.DOCUMENT_COLUMNS),
                "DocumentIn": document_in,
                "Added": added,
                "Source": source,
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
            }
        },
    }
