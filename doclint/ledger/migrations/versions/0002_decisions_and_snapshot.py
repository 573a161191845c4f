"""The reviewer's word on each finding, and what a review kept from `doclint serve` needs to be
opened again: findings get `reason` (why not accepted), `edited` (the point's new wording) and
`remark` (a free remark); reviews get `report` (the review JSON with each file's text, as the
page downloads it, plus the upload's name and the form's dates) and `upload` (the uploaded
file or zipped package as sent).  All nullable: rows of 0001 keep NULL and read as before.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("findings", sa.Column("reason", sa.Text, nullable=True))
    op.add_column("findings", sa.Column("edited", sa.Text, nullable=True))
    op.add_column("findings", sa.Column("remark", sa.Text, nullable=True))
    op.add_column("reviews", sa.Column("report", sa.Text, nullable=True))
    op.add_column("reviews", sa.Column("upload", sa.LargeBinary, nullable=True))


def downgrade() -> None:
    # plain DROP COLUMN (SQLite 3.35+, PostgreSQL): a batch copy of `reviews` would drop the
    # old table, and with foreign keys on SQLite that cascades to the findings and history
    for table, column in (("reviews", "upload"), ("reviews", "report"), ("findings", "remark"),
                          ("findings", "edited"), ("findings", "reason")):
        op.drop_column(table, column)
