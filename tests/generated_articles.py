"""Short generated news articles for store, API, crash and concurrency tests.

Each article is a few sentences from :func:`timeline.synthetic.synthetic_corpus`
(dated happenings with actors and places), published a few days after the
latest date it mentions. The same arguments give the same articles.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from timeline.synthetic import synthetic_corpus


def generated_articles(n_docs: int, seed: int = 0, sentences: int = 2) -> list[dict]:
    """``n_docs`` articles as dicts with ``id``, ``title``, ``publisher``, ``published`` and ``text``."""
    _, mentions, _ = synthetic_corpus(max(10, n_docs * sentences), seed=seed)
    rows = list(mentions[["sentence", "date_end", "publisher", "location"]].itertuples(index=False))
    out = []
    for i in range(n_docs):
        chunk = [rows[(i * sentences + k) % len(rows)] for k in range(sentences)]
        latest = max(date.fromisoformat(str(r.date_end)) for r in chunk)
        published = (latest + timedelta(days=1 + i % 5)).isoformat()
        title = f"Bulletin {seed}-{i}: news from {chunk[0].location}"
        body = " ".join(str(r.sentence) for r in chunk)
        out.append({"id": f"gen-{seed}-{i:04d}", "title": title, "publisher": str(chunk[0].publisher),
                    "published": published, "text": f"{title}\n\n{body}\n"})
    return out


def write_articles(articles: list[dict], folder: Path) -> list[Path]:
    """Write articles as ``.txt`` files with front matter; return the paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for a in articles:
        p = folder / f"{a['id']}.txt"
        p.write_text(
            f"---\nid: {a['id']}\ntitle: {a['title']}\npublisher: {a['publisher']}\npublished: {a['published']}\n---\n{a['text']}",
            encoding="utf-8",
        )
        paths.append(p)
    return paths
