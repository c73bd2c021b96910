"""Commitments link to the whole they are a part of (``part_of``): a figure given for one site of a
larger pledge, so that totals count the money once. The commitments already stored are linked here.

Revision ID: 0005
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from pledgewatch.ledger import parts

    with op.batch_alter_table('commitments') as batch:
        batch.add_column(sa.Column('part_of', sa.String(length=48), nullable=True))
        batch.create_index('ix_commitments_part_of', ['part_of'])
    parts.link_all(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table('commitments') as batch:
        batch.drop_index('ix_commitments_part_of')
        batch.drop_column('part_of')
