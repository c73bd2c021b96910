"""Status news: facts keep the step they report ("opened", "postponed"...); a commitment's status
moves carry the step and whether the news could belong to another commitment too; updates are
linked to the commitments they move.

Revision ID: 0004
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('facts') as batch:
        batch.add_column(sa.Column('step', sa.String(length=24), nullable=True))
    with op.batch_alter_table('commitment_status') as batch:
        batch.add_column(sa.Column('step', sa.String(length=24), nullable=True))
        batch.add_column(sa.Column('ambiguous', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('commitments') as batch:
        batch.add_column(sa.Column('ambiguous', sa.Boolean(), nullable=False, server_default=sa.false()))
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
    with op.batch_alter_table('commitments') as batch:
        batch.drop_column('ambiguous')
    with op.batch_alter_table('commitment_status') as batch:
        batch.drop_column('ambiguous')
        batch.drop_column('step')
    with op.batch_alter_table('facts') as batch:
        batch.drop_column('step')
