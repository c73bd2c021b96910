"""Large ledgers: indexes for every filter and list order; each commitment's region and department.

Each list order has an index that yields its rows in that order, its unique tiebreaker (id, or
document and rank) included, so that a page is read from the index instead of sorting every row:
facts by (published, document, rank), commitments by announced, deadline and latest report
(updated newest first, NULLs last), each then by id. The filters without one get theirs: a fact's
actor, status and unit; a commitment's unit. Three single-column indexes become the leading
column of a composite one (published, a fact's document, a commitment's deadline and status).

Totals by region or department count each commitment once, in the one area its places lie in (or
"(several ...)"): two new columns of ``commitments`` hold that area's code, ``*`` when its places
lie in several, NULL when in none, so that totals group one table instead of joining every
commitment's places and their parents at each request. Triggers on ``commitment_places`` keep
them up to date whoever writes the places; existing commitments get theirs here. One index holds
every column totals read, in the order they group by (kind, unit, qualifier, region, department),
so that they are summed from it alone, without sorting.

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
    ('facts', 'ix_facts_document_id', 'ix_facts_document_ordinal', ['document_id', 'ordinal', 'id']),
    ('commitments', 'ix_commitments_deadline', 'ix_commitments_deadline_id', ['deadline', 'id']),
    ('commitments', 'ix_commitments_status', 'ix_commitments_status_deadline', ['status', 'deadline']),
]
ADDED = [  # (table, index, columns)
    ('facts', 'ix_facts_actor_key', ['actor_key', 'actor']),
    ('facts', 'ix_facts_status', ['status']),
    ('facts', 'ix_facts_unit', ['unit']),
    ('commitments', 'ix_commitments_announced_id', ['announced', 'id']),
    ('commitments', 'ix_commitments_unit', ['unit']),
]
UPDATED = 'ix_commitments_updated_id'
SUMS = ('ix_commitments_sums', ['aggregate', 'kind', 'unit', 'qualifier', 'region', 'department', 'value',
                                'value_max', 'announced'])
AREAS = {'region': 'region', 'department': 'departement'}  # column: the level of its areas
TRIGGERS = ('commitment_areas_insert', 'commitment_areas_delete')


def _area(level: str, commitment_id: str) -> str:
    """SQL: the one area of ``level`` the places of ``commitment_id`` lie in (or are), '*' for
    several, NULL for none."""
    return (f"(SELECT CASE WHEN min(a) = max(a) THEN min(a) WHEN min(a) IS NOT NULL THEN '*' END FROM ("
            f"SELECT CASE WHEN cp.code LIKE '{level}:%' THEN cp.code ELSE pp.parent END AS a "
            f"FROM commitment_places cp LEFT JOIN place_parents pp "
            f"ON pp.code = cp.code AND pp.parent LIKE '{level}:%' "
            f"WHERE cp.commitment_id = {commitment_id}) AS areas)")


def _set_areas(commitment_id: str) -> str:
    """SQL: update the area columns of ``commitment_id`` (all commitments when it is ``commitments.id``)."""
    values = ", ".join(f"{column} = {_area(level, commitment_id)}" for column, level in AREAS.items())
    where = "" if commitment_id == "commitments.id" else f" WHERE id = {commitment_id}"
    return f"UPDATE commitments SET {values}{where}"


def _create_triggers(dialect: str) -> None:
    if dialect == 'sqlite':
        for name, (event, row) in zip(TRIGGERS, (('INSERT', 'NEW'), ('DELETE', 'OLD'))):
            op.execute(f"CREATE TRIGGER {name} AFTER {event} ON commitment_places "
                       f"BEGIN {_set_areas(f'{row}.commitment_id')}; END")
        return
    op.execute("CREATE FUNCTION commitment_areas() RETURNS trigger LANGUAGE plpgsql AS $$ "
               "DECLARE changed text; BEGIN "
               "IF TG_OP = 'DELETE' THEN changed := OLD.commitment_id; ELSE changed := NEW.commitment_id; END IF; "
               f"{_set_areas('changed')}; RETURN NULL; END $$")
    op.execute("CREATE TRIGGER commitment_areas AFTER INSERT OR DELETE ON commitment_places "
               "FOR EACH ROW EXECUTE FUNCTION commitment_areas()")


def _drop_triggers(dialect: str) -> None:
    if dialect == 'sqlite':
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        return
    op.execute("DROP TRIGGER commitment_areas ON commitment_places")
    op.execute("DROP FUNCTION commitment_areas()")


def upgrade() -> None:
    for table, old, new, columns in REPLACED:
        op.drop_index(old, table_name=table)
        op.create_index(new, table, columns)
    for table, name, columns in ADDED:
        op.create_index(name, table, columns)
    # NULLs first ascending, so that a backward scan gives newest first with undated ones last
    # (store.py writes it without NULLS FIRST on SQLite, whose ascending order is that already)
    op.create_index(UPDATED, 'commitments', [sa.column('updated').nulls_first(), sa.column('id')])
    for column in AREAS:
        op.add_column('commitments', sa.Column(column, sa.String(length=200), nullable=True))
    op.execute(_set_areas('commitments.id'))
    _create_triggers(op.get_bind().dialect.name)
    op.create_index(SUMS[0], 'commitments', SUMS[1])


def downgrade() -> None:
    op.drop_index(SUMS[0], table_name='commitments')
    _drop_triggers(op.get_bind().dialect.name)
    with op.batch_alter_table('commitments') as batch:
        for column in AREAS:
            batch.drop_column(column)
    op.drop_index(UPDATED, table_name='commitments')
    for table, name, _ in reversed(ADDED):
        op.drop_index(name, table_name=table)
    for table, old, new, columns in reversed(REPLACED):
        op.drop_index(new, table_name=table)
        op.create_index(old, table, columns[:1])
