"""Status news: facts keep the step they report ("opened", "postponed"...); a commitment's status
moves carry the step and whether the news could belong to another commitment too; updates are
linked to the commitments they move.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


# Plain ALTER TABLE ADD / DROP COLUMN (SQLite 3.35 and later have both), never a batch rebuild:
# rebuilding commitments would break the triggers of migration 0003 that name it.

def upgrade() -> None:
    op.add_column('facts', sa.Column('step', sa.String(length=24), nullable=True))
    op.add_column('commitment_status', sa.Column('step', sa.String(length=24), nullable=True))
    op.add_column('commitment_status', sa.Column('ambiguous', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('commitments', sa.Column('ambiguous', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        'commitment_updates',
        sa.Column('commitment_id', sa.String(length=48), sa.ForeignKey('commitments.id'), primary_key=True),
        sa.Column('fact_id', sa.String(length=48), sa.ForeignKey('facts.id'), primary_key=True),
        sa.Column('ambiguous', sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index('ix_commitment_updates_fact_id', 'commitment_updates', ['fact_id'])


def downgrade() -> None:
    op.drop_index('ix_commitment_updates_fact_id', table_name='commitment_updates')
    op.drop_table('commitment_updates')
    op.drop_column('commitments', 'ambiguous')
    op.drop_column('commitment_status', 'ambiguous')
    op.drop_column('commitment_status', 'step')
    op.drop_column('facts', 'step')
