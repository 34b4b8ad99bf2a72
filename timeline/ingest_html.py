"""Article text and metadata from an HTML page.

The main text is extracted with trafilatura (recall-oriented, comments left
out) after page furniture listed in ``resources/ingest/html_prune.txt`` (XPath,
one a line: navigation, header, footer, asides) is removed; when trafilatura
finds nothing, its baseline extractor (``<article>``, paragraphs, JSON-LD
``articleBody``) is tried. Title, author, publisher, URL and publication date
come from the page's markup, in the order of ``resources/ingest/html_meta.csv``
(``field,source,key``: OpenGraph and ``<meta name>`` tags, JSON-LD, canonical
link, ``<time pubdate>``), then from trafilatura's own metadata for the fields
other than the date. The date is never guessed from the article text.
"""

from __future__ import annotations

import copy
import csv
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.utils import load_html

_HTML_TAG = re.compile(r"<html[\s>]", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class MetaRule:
    field: str
    source: str  # meta-property, meta-name, meta-itemprop, link-rel, jsonld, time-pubdate
    key: str


@dataclass(frozen=True)
class HtmlArticle:
    """What a page yields: main text plus metadata (empty strings when absent)."""

    text: str
    title: str = ""
    author: str = ""
    publisher: str = ""
    url: str = ""
    published: str = ""  # as written in the markup; normalized by the caller


def _resource(name: str) -> Path:
    return Path(str(resources.files("timeline") / "resources" / "ingest" / name))


@lru_cache(maxsize=8)
def load_meta_rules(extra: tuple[str, ...] = ()) -> tuple[MetaRule, ...]:
    """Metadata rules: rules from ``extra`` CSV files first, then the packaged ones."""
    rules: list[MetaRule] = []
    for path in (*map(Path, extra), _resource("html_meta.csv")):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                rules.append(MetaRule(row["field"].strip(), row["source"].strip(), row["key"].strip()))
    return tuple(rules)


@lru_cache(maxsize=8)
def load_prune_xpaths(extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """XPath expressions of page furniture to remove before text extraction."""
    out: list[str] = []
    for path in (_resource("html_prune.txt"), *map(Path, extra)):
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(line)
    return tuple(out)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag near its start, if any."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


def _jsonld_objects(tree: Any) -> Iterator[dict]:
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(node.text or "")
        except (json.JSONDecodeError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if "@graph" in item:
                    stack.append(item["@graph"])


def _jsonld_value(value: Any) -> str:
    if isinstance(value, dict):
        return _jsonld_value(value.get("name") or value.get("@id") or "")
    if isinstance(value, list):
        return ", ".join(v for v in (_jsonld_value(x) for x in value) if v)
    return " ".join(str(value).split()) if value is not None else ""


def _lower_attr(attr: str) -> str:
    return f"translate(@{attr}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"


def _rule_value(tree: Any, rule: MetaRule, jsonld: list[dict]) -> str:
    key = rule.key.lower()
    if rule.source.startswith("meta-"):
        attr = rule.source[len("meta-") :]
        values = tree.xpath(f"//meta[{_lower_attr(attr)}=$k]/@content", k=key)
    elif rule.source == "link-rel":
        values = tree.xpath(f"//link[{_lower_attr('rel')}=$k]/@href", k=key)
    elif rule.source == "time-pubdate":
        values = tree.xpath(f"//time[@pubdate or @itemprop='datePublished']/@{rule.key}")
    elif rule.source == "jsonld":
        values = [_jsonld_value(obj[rule.key]) for obj in jsonld if rule.key in obj]
    else:
        raise ValueError(f"unknown metadata source {rule.source!r}")
    for v in values:
        v = " ".join(str(v).split())
        if v:
            return v
    return ""


def page_metadata(tree: Any, rules: tuple[MetaRule, ...] | None = None) -> dict[str, str]:
    """Metadata fields found in a parsed page's markup, by rule priority."""
    rules = rules if rules is not None else load_meta_rules()
    jsonld = list(_jsonld_objects(tree))
    out: dict[str, str] = {}
    for rule in rules:
        if rule.field in out:
            continue
        value = _rule_value(tree, rule, jsonld)
        if value:
            out[rule.field] = value
    return out


def parse_html(html: str) -> Any:
    """Parse a page or an HTML fragment into an lxml tree (None when there is nothing to parse).

    Whole pages go through trafilatura's loader; fragments without an
    ``<html>`` element are parsed by lxml as the body of a document.
    """
    if _HTML_TAG.search(html[:4096]):
        tree = load_html(html)
        if tree is not None:
            return tree
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def extract_html(
    html: str,
    *,
    rules: tuple[MetaRule, ...] | None = None,
    prune: tuple[str, ...] | None = None,
) -> HtmlArticle:
    """Main text and metadata of a page. ``text`` is empty when the page has no article text."""
    tree = parse_html(html)
    if tree is None:
        return HtmlArticle(text="")
    meta = page_metadata(tree, rules)
    pruned = copy.deepcopy(tree)
    for xp in prune if prune is not None else load_prune_xpaths():
        for node in pruned.xpath(xp):
            parent = node.getparent()
            if parent is not None:
                parent.remove(node)
    fallback_tree = copy.deepcopy(pruned)
    doc = trafilatura.bare_extraction(
        pruned,
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (doc.text or "") if doc is not None else ""
    if not text.strip():
        _, text, _ = trafilatura.baseline(fallback_tree)
    text = (text or "").strip()
    if doc is not None:
        for field, attr in (("title", "title"), ("author", "author"), ("publisher", "sitename"), ("url", "url")):
            value = getattr(doc, attr, None)
            if value and field not in meta:
                meta[field] = " ".join(str(value).split())
    if "title" not in meta:
        titles = tree.xpath("//title/text()")
        if titles and titles[0].strip():
            meta["title"] = " ".join(titles[0].split())
    return HtmlArticle(
        text=text,
        title=meta.get("title", ""),
        author=meta.get("author", ""),
        publisher=meta.get("publisher", ""),
        url=meta.get("url", ""),
        published=meta.get("published", ""),
    )


__all__ = ["HtmlArticle", "MetaRule", "declared_charset", "extract_html", "parse_html", "load_meta_rules", "load_prune_xpaths", "page_metadata"]
