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
