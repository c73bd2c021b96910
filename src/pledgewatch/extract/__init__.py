"""Extraction: a ``Document`` in, the facts and market quotes of extraction.schema.json out.

- pipeline: ``pipeline`` (spaCy ``fr_core_news_md`` plus the components below);
- finders, the candidates: ``amounts``, ``times``, ``places`` (with ``gazetteer``),
  ``companies``, ``events``;
- the fact builder's view of a document: ``frames`` (sentences, cue words);
- decisions over the candidates: ``actors`` (whose fact), ``sites`` (which site a cue
  governs), ``placing`` (which places), ``facts`` (is it a fact, of which kind, its fields),
  ``quotes`` (market quotes);
- assembly: ``extraction`` (one document's JSON); measurement: ``evaluation``.
"""

import sys
import types


class _CallablePackage(types.ModuleType):
    """This package, callable: ``pledgewatch.extract(text, published=...)`` is the public API."""

    def __call__(self, text: str, published: str | None = None, *, title: str | None = None,
                 source: str | None = None):  # noqa: ANN204 (the Extraction of results.py)
        """Extract the facts and market quotes of one news text: see ``results.extract_text``."""
        from pledgewatch.extract.results import extract_text

        return extract_text(text, published, title=title, source=source)


sys.modules[__name__].__class__ = _CallablePackage
