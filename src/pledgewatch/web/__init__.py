"""The web face of the ledger: ``api`` (FastAPI, under /api) and ``dashboard/`` (its own assets)."""
