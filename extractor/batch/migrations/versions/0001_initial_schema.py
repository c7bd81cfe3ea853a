"""The initial schema: documents apart from their sources, item tables keyed by
document, corrections, files, errors, timings, jobs, and the three views.

The views are written out here (not imported) so that this migration stays what it
was when later ones change them.

Revision ID: 0001
Revises:
Create Date: 2026-12-05 03:54:14.717804
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


VIEWS = {
    "timetable_view": """
        SELECT d.id AS document_id, d.code AS document_code, d.issuer AS issuer,
               d.title AS document_title, t.idx AS idx, t.seq AS seq, t.task AS task,
               t.lead AS lead, t.owners AS owners, t.partners AS partners,
               t.due_text AS due_text, t.due_start AS due_start, t.due_end AS due_end,
               t.page AS page
        FROM timetable t JOIN documents d ON d.id = t.document_id""",
    "findings_view": """
        SELECT d.id AS document_id, d.code AS document_code, d.issuer AS issuer,
               d.issue_date AS issue_date, f.idx AS idx, f.severity AS severity,
               f.code AS finding_code, f.message AS message, f.ref AS ref,
               f.rule AS rule, f.page AS page
        FROM findings f JOIN documents d ON d.id = f.document_id""",
    "targets_view": """
        SELECT d.id AS document_id, d.code AS document_code, d.issuer AS issuer,
               t.idx AS idx, t.text AS text, t.metric AS metric,
               t.comparator AS comparator, t.value AS value, t.value_max AS value_max,
               t.unit AS unit, t.due AS due, t.section AS section, t.page AS page
        FROM targets t JOIN documents d ON d.id = t.document_id""",
}


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.String(length=16), nullable=False),
    sa.Column('ident_code', sa.Text(), nullable=True),
    sa.Column('ident_date', sa.Text(), nullable=True),
    sa.Column('ident_issuer', sa.Text(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('n_sources', sa.Integer(), server_default='0', nullable=False),
    sa.Column('search_issuer', sa.Text(), nullable=True),
    sa.Column('media_type', sa.Text(), nullable=True),
    sa.Column('pages', sa.Integer(), nullable=True),
    sa.Column('text_source', sa.Text(), nullable=True),
    sa.Column('ocr_confidence', sa.Float(), nullable=True),
    sa.Column('status', sa.Text(), nullable=True),
    sa.Column('doc_type', sa.Text(), nullable=True),
    sa.Column('doc_type_label', sa.Text(), nullable=True),
    sa.Column('number', sa.Text(), nullable=True),
    sa.Column('symbol', sa.Text(), nullable=True),
    sa.Column('code', sa.Text(), nullable=True),
    sa.Column('issuer', sa.Text(), nullable=True),
    sa.Column('issuer_parent', sa.Text(), nullable=True),
    sa.Column('place', sa.Text(), nullable=True),
    sa.Column('issue_date', sa.Date(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('signer_name', sa.Text(), nullable=True),
    sa.Column('signer_position', sa.Text(), nullable=True),
    sa.Column('signer_authority', sa.Text(), nullable=True),
    sa.Column('recipients', sa.Text(), nullable=True),
    sa.Column('emails', sa.Text(), nullable=True),
    sa.Column('phones', sa.Text(), nullable=True),
    sa.Column('n_references', sa.Integer(), nullable=True),
    sa.Column('n_targets', sa.Integer(), nullable=True),
    sa.Column('n_timetable', sa.Integer(), nullable=True),
    sa.Column('n_findings', sa.Integer(), nullable=True),
    sa.Column('n_errors', sa.Integer(), nullable=True),
    sa.Column('needs_review', sa.Integer(), nullable=True),
    sa.Column('warnings', sa.Text(), nullable=True),
    sa.Column('corrections', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index('documents_identity', ['ident_code', 'ident_date'], unique=False)

    op.create_table('errors',
    sa.Column('record_key', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('exit_code', sa.Integer(), nullable=True),
    sa.Column('at', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('record_key')
    )
    op.create_table('files',
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('path')
    )
    with op.batch_alter_table('files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_files_sha256'), ['sha256'], unique=False)

    op.create_table('jobs',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('origin', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('document_id', sa.String(length=16), nullable=True),
    sa.Column('error_kind', sa.Text(), nullable=True),
    sa.Column('error_message', sa.Text(), nullable=True),
    sa.Column('created_at', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index('jobs_file', ['origin', 'name', 'sha256'], unique=False)

    op.create_table('timings',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=True),
    sa.Column('cpu_seconds', sa.Float(), nullable=True),
    sa.Column('pages', sa.Integer(), nullable=True),
    sa.Column('rss_mb', sa.Float(), nullable=True),
    sa.Column('finished_at', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('sha256')
    )
    op.create_table('corrections',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=16), nullable=False),
    sa.Column('field_path', sa.Text(), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('author', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_corrections_document_id'), ['document_id'], unique=False)

    op.create_table('doc_references',
    sa.Column('document_id', sa.String(length=16), nullable=False),
    sa.Column('idx', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('doc_type', sa.Text(), nullable=True),
    sa.Column('number', sa.Text(), nullable=True),
    sa.Column('year', sa.Text(), nullable=True),
    sa.Column('symbol', sa.Text(), nullable=True),
    sa.Column('code', sa.Text(), nullable=True),
    sa.Column('issue_date', sa.Date(), nullable=True),
    sa.Column('issuer', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('roles', sa.Text(), nullable=True),
    sa.Column('n_mentions', sa.Integer(), nullable=True),
    sa.Column('as_written', sa.Text(), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('registry_matched', sa.Integer(), nullable=True),
    sa.Column('registry_status', sa.Text(), nullable=True),
    sa.Column('registry_code', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.PrimaryKeyConstraint('document_id', 'idx')
    )
    op.create_table('findings',
    sa.Column('document_id', sa.String(length=16), nullable=False),
    sa.Column('idx', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('code', sa.Text(), nullable=True),
    sa.Column('severity', sa.Text(), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('ref', sa.Text(), nullable=True),
    sa.Column('rule', sa.Text(), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.PrimaryKeyConstraint('document_id', 'idx')
    )
    op.create_table('sources',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('document_id', sa.String(length=16), nullable=False),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.Column('media_type', sa.Text(), nullable=True),
    sa.Column('text_source', sa.Text(), nullable=True),
    sa.Column('pages', sa.Integer(), nullable=True),
    sa.Column('ocr_confidence', sa.Float(), nullable=True),
    sa.Column('ident_code', sa.Text(), nullable=True),
    sa.Column('ident_date', sa.Text(), nullable=True),
    sa.Column('ident_issuer', sa.Text(), nullable=True),
    sa.Column('result_json', sa.Text(), nullable=False),
    sa.Column('added_at', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.PrimaryKeyConstraint('sha256')
    )
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sources_document_id'), ['document_id'], unique=False)

    op.create_table('targets',
    sa.Column('document_id', sa.String(length=16), nullable=False),
    sa.Column('idx', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('metric', sa.Text(), nullable=True),
    sa.Column('comparator', sa.Text(), nullable=True),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('value_max', sa.Float(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('section', sa.Text(), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.PrimaryKeyConstraint('document_id', 'idx')
    )
    op.create_table('timetable',
    sa.Column('document_id', sa.String(length=16), nullable=False),
    sa.Column('idx', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.Text(), nullable=True),
    sa.Column('task', sa.Text(), nullable=True),
    sa.Column('due_text', sa.Text(), nullable=True),
    sa.Column('due_start', sa.Date(), nullable=True),
    sa.Column('due_end', sa.Date(), nullable=True),
    sa.Column('owners', sa.Text(), nullable=True),
    sa.Column('lead', sa.Text(), nullable=True),
    sa.Column('partners', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.PrimaryKeyConstraint('document_id', 'idx')
    )
    for name, sql in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {sql}")


def downgrade() -> None:
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    op.drop_table('timetable')
    op.drop_table('targets')
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sources_document_id'))

    op.drop_table('sources')
    op.drop_table('findings')
    op.drop_table('doc_references')
    with op.batch_alter_table('corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_corrections_document_id'))

    op.drop_table('corrections')
    op.drop_table('timings')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index('jobs_file')

    op.drop_table('jobs')
    with op.batch_alter_table('files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_files_sha256'))

    op.drop_table('files')
    op.drop_table('errors')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('documents_identity')

    op.drop_table('documents')
