"""Company relations stated by the documents (a subsidiary and its parent, by actor key), so that
a parent's status news may move its subsidiary's commitments and the other way round.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'company_links',
        sa.Column('parent_key', sa.String(length=200), primary_key=True),
        sa.Column('child_key', sa.String(length=200), primary_key=True),
        sa.Column('document_id', sa.String(length=32), sa.ForeignKey('documents.id'), primary_key=True),
    )
    op.create_index('ix_company_links_child_key', 'company_links', ['child_key'])


def downgrade() -> None:
    op.drop_index('ix_company_links_child_key', table_name='company_links')
    op.drop_table('company_links')
