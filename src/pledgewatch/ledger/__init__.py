"""The ledger: extractions stored in SQLite or PostgreSQL, consolidated into commitments.

- ``store`` and ``migrations/``: SQLAlchemy Core tables, Alembic migrations, ``open_store``;
- ``ingest``: one transaction per document, exactly once, failures kept with their reason;
- ``parallel``, ``pool``, ``dask_pool``: extraction in worker processes or on a Dask cluster,
  results back in input order to the one writer (``progress``: the ingest bar);
- ``consolidation``: facts of several documents become commitments, with status moves;
- ``queries`` and ``exporting``: filters, totals, deadlines, reconciliation; CSV/JSON/Parquet.
"""
