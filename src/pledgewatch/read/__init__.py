"""Reading: bytes, files, pages, feeds and batches become ``Document`` objects.

- ``reader``: one document from bytes or a path (decoding, language, dateline, content hash).
- ``sources``: what ``ingest`` accepts (folders, text, HTML via trafilatura, RSS/Atom via
  feedparser, JSONL, http(s) URLs), yielding documents or an ``Issue`` with its reason.
"""
