"""Commitments link to the whole they are a part of (``part_of``): a figure given for one site of a
larger pledge, so that totals count the money once. The commitments already stored are linked here.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


SUMS = ['aggregate', 'kind', 'unit', 'qualifier', 'region', 'department', 'value', 'value_max', 'announced']
"""0003's covering index of totals, which gets ``part_of`` (totals leave parts out) after ``aggregate``."""


def upgrade() -> None:
    from pledgewatch.ledger import parts

    op.add_column('commitments', sa.Column('part_of', sa.String(length=48), nullable=True))  # no batch rebuild: see 0004
    op.create_index('ix_commitments_part_of', 'commitments', ['part_of'])
    op.drop_index('ix_commitments_sums', table_name='commitments')
    op.create_index('ix_commitments_sums', 'commitments', [SUMS[0], 'part_of', *SUMS[1:]])
    parts.link_all(op.get_bind())


def downgrade() -> None:
    op.drop_index('ix_commitments_sums', table_name='commitments')
    op.create_index('ix_commitments_sums', 'commitments', SUMS)
    op.drop_index('ix_commitments_part_of', table_name='commitments')
    op.drop_column('commitments', 'part_of')
