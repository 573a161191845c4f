"""The first ledger schema: reviews, materials, findings, history, documents in force,
provisions with MinHash signatures and the persisted LSH bands.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    tz = sa.DateTime(timezone=True)
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("series", sa.String(400), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("first_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=True),
        sa.Column("previous_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("drafting_unit", sa.Text),
        sa.Column("issuer", sa.Text),
        sa.Column("level", sa.String(40)),
        sa.Column("doc_number", sa.String(200)),
        sa.Column("received", sa.Date),
        sa.Column("completed", sa.Date),
        sa.Column("due", sa.Date),
        sa.Column("pauses", sa.Text, nullable=False),
        sa.Column("emergency", sa.Text),
        sa.Column("conclusion", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("opinion", sa.Text, nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("package_path", sa.Text, nullable=False),
        sa.Column("created_at", tz, nullable=False),
        sa.Column("updated_at", tz, nullable=False),
        sa.UniqueConstraint("series", "round", name="uq_reviews_series_round"),
    )
    op.create_index("ix_reviews_status", "reviews", ["status"])
    op.create_index("ix_reviews_received", "reviews", ["received"])
    op.create_table(
        "materials",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(40)),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_materials_review_id", "materials", ["review_id"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("rule", sa.String(20), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("clause", sa.Text),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("decision", sa.Boolean),
    )
    op.create_index("ix_findings_review_id", "findings", ["review_id"])
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", tz, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("status_from", sa.String(20)),
        sa.Column("status_to", sa.String(20)),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_history_review_id", "history", ["review_id"])
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("doc_number", sa.String(200)),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("issuer", sa.Text),
        sa.Column("written", sa.Date),
        sa.Column("effective", sa.Date),
        sa.Column("expires", sa.Date),
        sa.Column("repealed", sa.Boolean, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("registered_at", tz, nullable=False),
        sa.Column("registered_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_documents_doc_number", "documents", ["doc_number"])
    op.create_table(
        "provisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE")),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id", ondelete="CASCADE")),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("section", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_provisions_document_id", "provisions", ["document_id"])
    op.create_index("ix_provisions_review_id", "provisions", ["review_id"])
    op.create_table(
        "lsh_bands",
        sa.Column("key", sa.BigInteger, nullable=False),
        sa.Column("provision_id", sa.Integer, sa.ForeignKey("provisions.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_lsh_bands_key", "lsh_bands", ["key"])
    op.create_index("ix_lsh_bands_provision", "lsh_bands", ["provision_id"])


def downgrade() -> None:
    for table in ("lsh_bands", "provisions", "documents", "history", "findings", "materials", "reviews"):
        op.drop_table(table)
