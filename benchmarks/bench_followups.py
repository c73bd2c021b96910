#!/usr/bin/env python3
"""What became of each pledge: follow-up stories ingested in date order, final status against the story's.

    python benchmarks/bench_followups.py [STORIES_DIR] [--shuffle SEED]

``STORIES_DIR`` (default ../shared/corpus/followups_dev) holds ``stories.json`` (each story's
actor, kind and status after each article) and ``D<NN>-<order>.json`` articles (``text``,
``date``, ``url``, ``lang``). Each story is ingested into a fresh SQLite ledger, one article at a
time in date order (or in a shuffled order with ``--shuffle``: dates, not arrival, should
decide), and after each article the status of the story's commitment is printed: the commitment
of the story's actor and kind, as ``pledgewatch commitments --actor A --kind K`` lists it, the one
most articles reported when there are several ("none" when there is none). Stories in a language
the extractor does not read are counted apart. Prints a line per article, then the share of
stories whose final status is right; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from datetime import date
from pathlib import Path

from rich.console import Console

from pledgewatch import settings
from pledgewatch.errors import PledgewatchError
from pledgewatch.extract.extraction import extract
from pledgewatch.ledger import queries
from pledgewatch.ledger.ingest import Summary, ingest_one
from pledgewatch.ledger.store import open_store
from pledgewatch.read.reader import content_hash, read_text

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "followups_dev"


def same_status(found: str, wanted: str) -> bool:
    """Whether the ledger's status is the story's: the stories' statuses are those of a fact
    (ANNOTATION.md), where a commitment postponed but alive is still planned."""
    return found == wanted or (found, wanted) == ("postponed", "planned")


def story_status(db: str, actor: str, kind: str) -> str:
    """The status of the story's commitment in the ledger at ``db``, or "none"."""
    engine = open_store(db, read_only=True)
    try:
        with engine.connect() as conn:
            found = queries.list_commitments(conn, queries.Filters(actor=actor, kind=kind, as_of=date.today()))
    except PledgewatchError:  # an actor the ledger does not know (L020)
        return "none"
    finally:
        engine.dispose()
    if not found:
        return "none"
    best = max(found, key=lambda c: (len(c["evidence"]), c["updated"] or ""))
    return best["status"]


def run_story(story: dict, articles: list[dict]) -> list[tuple[dict, str, str, bool]]:
    """Ingest a story's articles one by one: (article, status found, status wanted, whether the
    article failed to be read or stored) after each."""
    wanted = {step["order"]: step["status"] for step in story["timeline"]}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "ledger.db")
        engine = open_store(db)
        try:
            for article in articles:
                summary = Summary()
                try:
                    document = read_text(article["text"], article.get("url") or article["name"],
                                         content_hash(article["text"]), article.get("date"))
                except PledgewatchError:
                    summary.failed += 1
                else:
                    ingest_one(engine, document, extract, summary)
                rows.append((article, story_status(db, story["actor"], story["kind"]),
                             wanted.get(article["order"], "?"), bool(summary.failed)))
        finally:
            engine.dispose()
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--shuffle", type=int, default=None, metavar="SEED",
                    help="ingest each story's articles in a shuffled order (seeded)")
    ap.add_argument("--only", nargs="*", default=None, metavar="STORY", help="run only these stories (D01 ...)")
    a = ap.parse_args(argv)
    console = Console(highlight=False)
    stories = json.loads((a.folder / "stories.json").read_text(encoding="utf-8"))
    right = total = skipped = 0
    for story in stories:
        if a.only and story["story"] not in a.only:
            continue
        articles = []
        for path in sorted(a.folder.glob(f"{story['story']}-*.json")):
            articles.append({**json.loads(path.read_text(encoding="utf-8")), "name": path.name})
        if not articles or any(x.get("lang") not in settings.SUPPORTED_LANGS for x in articles):
            skipped += 1
            console.print(f"{story['story']} {story['actor']}: skipped (language not read)")
            continue
        articles.sort(key=lambda x: (x.get("date") or "", x["order"]))
        if a.shuffle is not None:
            random.Random(a.shuffle).shuffle(articles)
        rows = run_story(story, articles)
        for article, found, wanted, failed in rows:
            mark = "ok " if same_status(found, wanted) else "   "
            console.print(f"{mark}{story['story']}-{article['order']} {article.get('date') or '?':10} "
                          f"{story['actor']} {story['kind']}: found {found}, wanted {wanted}"
                          + (" (article failed)" if failed else ""))
        final = rows[-1][1]
        total += 1
        right += same_status(final, story["final_status"])
        console.print(f"== {story['story']} final: found {final}, wanted {story['final_status']}")
    console.print(f"final status right in {right} of {total} stories ({right / total:.0%}); "
                  f"{skipped} skipped" if total else "no story read")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
