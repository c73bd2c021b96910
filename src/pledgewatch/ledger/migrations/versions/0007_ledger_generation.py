"""The ledger's generation: a number that grows with every change, so that readers may cache.

One row of ``ledger_state`` holds ``generation``; triggers on every table of the ledger add one to
it whenever a row is inserted, updated or deleted (PostgreSQL: once per statement), whoever
writes. A reader that reads the generation before a query may keep that query's answer for as
long as the generation stays the same (the API's cache of whole-ledger sums, web/cache.py).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

TABLES = ('documents', 'document_sources', 'companies', 'places', 'place_parents', 'events', 'commitments',
          'commitment_places', 'commitment_status', 'facts', 'fact_places', 'commitment_updates', 'company_links')
"""Every table whose rows an answer of the ledger depends on (not ``ingest_errors``)."""
EVENTS = ('INSERT', 'UPDATE', 'DELETE')
BUMP = "UPDATE ledger_state SET generation = generation + 1 WHERE id = 1"


def upgrade() -> None:
    op.create_table(
        'ledger_state',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column('generation', sa.BigInteger(), nullable=False),
    )
    op.execute("INSERT INTO ledger_state (id, generation) VALUES (1, 1)")
    if op.get_bind().dialect.name == 'sqlite':
        for table in TABLES:
            for event in EVENTS:
                op.execute(f"CREATE TRIGGER {table}_{event.lower()}_generation AFTER {event} ON {table} "
                           f"BEGIN {BUMP}; END")
        return
    op.execute(f"CREATE FUNCTION ledger_generation() RETURNS trigger LANGUAGE plpgsql AS $$ "
               f"BEGIN {BUMP}; RETURN NULL; END $$")
    for table in TABLES:
        op.execute(f"CREATE TRIGGER {table}_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION ledger_generation()")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        for table in TABLES:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER {table}_{event.lower()}_generation")
    else:
        for table in TABLES:
            op.execute(f"DROP TRIGGER {table}_generation ON {table}")
        op.execute("DROP FUNCTION ledger_generation()")
    op.drop_table('ledger_state')
