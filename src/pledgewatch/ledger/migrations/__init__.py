"""Alembic migrations of the ledger's schema, run by ``store.open_store``."""
