"""Every limit and default of pledgewatch, in one place."""

from __future__ import annotations

MAX_INPUT_BYTES: int = 5 * 1024 * 1024
"""Largest input document read, in bytes; larger ones are rejected with E004."""

SPACY_MODELS: dict[str, str] = {"fr": "fr_core_news_md"}
"""The spaCy pipeline used for each supported language."""

SPACY_EXCLUDE: tuple[str, ...] = ("lemmatizer", "morphologizer", "attribute_ruler")
"""Default components the extractor does not use: it needs tokens, sentences (parser) and entities (ner)."""

SUPPORTED_LANGS: tuple[str, ...] = ("fr",)
"""Languages the extractor handles; others are refused with a clear message."""

ACCURACY_FLOORS: dict[str, float] = {"facts": 0.85, "facts_strict": 0.70, "quotes": 0.95}
"""The F1 each measure must keep on the French dev corpus (issue #2's targets); the evaluation
gate in tests/test_eval_gate.py fails below them."""

MIN_LANG_EVIDENCE: int = 2
"""Stopword hits needed before a language is considered detected."""
