"""The ledger: extractions stored in SQLite or PostgreSQL, consolidated into commitments.

- ``store`` and ``migrations/``: SQLAlchemy Core tables, Alembic migrations, ``open_store``;
- ``ingest``: one transaction per document, exactly once, failures kept with their reason;
- ``consolidation``: facts of several documents become commitments, with status moves;
- ``queries`` and ``exporting``: filters, totals, deadlines, reconciliation; CSV/JSON/Parquet.
"""
