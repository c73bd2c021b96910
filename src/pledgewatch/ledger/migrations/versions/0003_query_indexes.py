"""Indexes for every filter and list order of the API and the command line (large ledgers).

Each list order has an index that yields its rows in that order, its unique tiebreaker (id, or
document and rank) included, so that a page is read from the index instead of sorting every row:
facts by (published, document, rank), commitments by announced, deadline and latest report
(updated newest first, NULLs last), each then by id. The filters without one get theirs: a fact's
actor, status and unit; a commitment's unit. Three single-column indexes become the leading
column of a composite one (published, a fact's document, a commitment's deadline).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

REPLACED = [  # (table, old single-column index, new composite index, its columns)
    ('documents', 'ix_documents_published', 'ix_documents_published_id', ['published', 'id']),
    ('facts', 'ix_facts_document_id', 'ix_facts_document_ordinal', ['document_id', 'ordinal']),
    ('commitments', 'ix_commitments_deadline', 'ix_commitments_deadline_id', ['deadline', 'id']),
]
ADDED = [  # (table, index, columns)
    ('facts', 'ix_facts_actor_key', ['actor_key', 'actor']),
    ('facts', 'ix_facts_status', ['status']),
    ('facts', 'ix_facts_unit', ['unit']),
    ('commitments', 'ix_commitments_announced_id', ['announced', 'id']),
    ('commitments', 'ix_commitments_unit', ['unit']),
]
UPDATED = 'ix_commitments_updated_id'


def upgrade() -> None:
    for table, old, new, columns in REPLACED:
        op.drop_index(old, table_name=table)
        op.create_index(new, table, columns)
    for table, name, columns in ADDED:
        op.create_index(name, table, columns)
    # NULLs first ascending, so that a backward scan gives newest first with undated ones last
    # (store.py writes it without NULLS FIRST on SQLite, whose ascending order is that already)
    op.create_index(UPDATED, 'commitments', [sa.column('updated').nulls_first(), sa.column('id')])


def downgrade() -> None:
    op.drop_index(UPDATED, table_name='commitments')
    for table, name, _ in reversed(ADDED):
        op.drop_index(name, table_name=table)
    for table, old, new, columns in reversed(REPLACED):
        op.drop_index(new, table_name=table)
        op.create_index(old, table, columns[:1])
