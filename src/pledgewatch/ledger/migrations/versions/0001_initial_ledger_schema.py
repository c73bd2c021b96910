"""Initial ledger schema: documents and sources, facts, companies, places, events, commitments, errors.

Revision ID: 0001
Revises: 
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('companies',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('company_id', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('documents',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('published', sa.String(length=10), nullable=True),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_published'), ['published'], unique=False)

    op.create_table('events',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('ingest_errors',
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('severity', sa.String(length=8), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('source', 'severity')
    )
    op.create_table('places',
    sa.Column('code', sa.String(length=200), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('commitments',
    sa.Column('id', sa.String(length=48), nullable=False),
    sa.Column('actor', sa.Text(), nullable=True),
    sa.Column('actor_key', sa.String(length=200), nullable=True),
    sa.Column('actor_id', sa.String(length=64), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('aggregate', sa.Boolean(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('value_max', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=64), nullable=True),
    sa.Column('qualifier', sa.String(length=16), nullable=False),
    sa.Column('deadline', sa.String(length=10), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('event', sa.Text(), nullable=True),
    sa.Column('event_key', sa.String(length=200), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('conflicting', sa.Boolean(), nullable=False),
    sa.Column('announced', sa.String(length=10), nullable=True),
    sa.Column('updated', sa.String(length=10), nullable=True),
    sa.Column('evidence_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_key'], ['companies.key'], ),
    sa.ForeignKeyConstraint(['event_key'], ['events.key'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitments_actor_key'), ['actor_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_event_key'), ['event_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_status'), ['status'], unique=False)

    op.create_table('document_sources',
    sa.Column('document_id', sa.String(length=32), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.PrimaryKeyConstraint('document_id', 'source')
    )
    op.create_table('facts',
    sa.Column('id', sa.String(length=48), nullable=False),
    sa.Column('document_id', sa.String(length=32), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('actor', sa.Text(), nullable=True),
    sa.Column('actor_id', sa.String(length=64), nullable=True),
    sa.Column('actor_key', sa.String(length=200), nullable=True),
    sa.Column('aggregate', sa.Boolean(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('value_max', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=64), nullable=True),
    sa.Column('qualifier', sa.String(length=16), nullable=False),
    sa.Column('deadline', sa.String(length=10), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('event', sa.Text(), nullable=True),
    sa.Column('event_key', sa.String(length=200), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('evidence_text', sa.Text(), nullable=False),
    sa.Column('evidence_start', sa.Integer(), nullable=False),
    sa.Column('evidence_end', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.String(length=48), nullable=True),
    sa.ForeignKeyConstraint(['actor_key'], ['companies.key'], ),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.ForeignKeyConstraint(['event_key'], ['events.key'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facts_commitment_id'), ['commitment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_facts_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_facts_event_key'), ['event_key'], unique=False)
        batch_op.create_index('ix_facts_kind_actor', ['kind', 'actor_key'], unique=False)

    op.create_table('place_parents',
    sa.Column('code', sa.String(length=200), nullable=False),
    sa.Column('parent', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['code'], ['places.code'], ),
    sa.PrimaryKeyConstraint('code', 'parent')
    )
    with op.batch_alter_table('place_parents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_place_parents_parent'), ['parent'], unique=False)

    op.create_table('commitment_places',
    sa.Column('commitment_id', sa.String(length=48), nullable=False),
    sa.Column('code', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['code'], ['places.code'], ),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], ),
    sa.PrimaryKeyConstraint('commitment_id', 'code')
    )
    with op.batch_alter_table('commitment_places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitment_places_code'), ['code'], unique=False)

    op.create_table('commitment_status',
    sa.Column('commitment_id', sa.String(length=48), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('deadline', sa.String(length=10), nullable=True),
    sa.Column('date', sa.String(length=10), nullable=True),
    sa.Column('document_id', sa.String(length=32), nullable=False),
    sa.Column('fact_id', sa.String(length=48), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.PrimaryKeyConstraint('commitment_id', 'seq')
    )
    op.create_table('fact_places',
    sa.Column('fact_id', sa.String(length=48), nullable=False),
    sa.Column('code', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['code'], ['places.code'], ),
    sa.ForeignKeyConstraint(['fact_id'], ['facts.id'], ),
    sa.PrimaryKeyConstraint('fact_id', 'code')
    )
    with op.batch_alter_table('fact_places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fact_places_code'), ['code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('fact_places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fact_places_code'))

    op.drop_table('fact_places')
    op.drop_table('commitment_status')
    with op.batch_alter_table('commitment_places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitment_places_code'))

    op.drop_table('commitment_places')
    with op.batch_alter_table('place_parents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_place_parents_parent'))

    op.drop_table('place_parents')
    with op.batch_alter_table('facts', schema=None) as batch_op:
        batch_op.drop_index('ix_facts_kind_actor')
        batch_op.drop_index(batch_op.f('ix_facts_event_key'))
        batch_op.drop_index(batch_op.f('ix_facts_document_id'))
        batch_op.drop_index(batch_op.f('ix_facts_commitment_id'))

    op.drop_table('facts')
    op.drop_table('document_sources')
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitments_status'))
        batch_op.drop_index(batch_op.f('ix_commitments_kind'))
        batch_op.drop_index(batch_op.f('ix_commitments_event_key'))
        batch_op.drop_index(batch_op.f('ix_commitments_deadline'))
        batch_op.drop_index(batch_op.f('ix_commitments_actor_key'))

    op.drop_table('commitments')
    op.drop_table('places')
    op.drop_table('ingest_errors')
    op.drop_table('events')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_published'))

    op.drop_table('documents')
    op.drop_table('companies')
