"""The ledger's tables (SQLAlchemy Core).  The same schema on SQLite and PostgreSQL;
it is created and changed only by the Alembic migrations in doclint/ledger/migrations."""

from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Text,
    UniqueConstraint, BigInteger,
)

metadata = MetaData()

# One review round of one submission package.  Rounds of the same document share `series`
# (normalised title + drafting unit); `first_id` is the first round, `previous_id` the one before.
reviews = Table(
    "reviews", metadata,
    Column("id", Integer, primary_key=True),
    Column("series", String(400), nullable=False),
    Column("round", Integer, nullable=False),
    Column("first_id", Integer, ForeignKey("reviews.id"), nullable=True),
    Column("previous_id", Integer, ForeignKey("reviews.id"), nullable=True),
    Column("title", Text, nullable=False),
    Column("drafting_unit", Text),
    Column("issuer", Text),
    Column("level", String(40)),
    Column("doc_number", String(200)),
    Column("received", Date),
    Column("completed", Date),
    Column("due", Date),                       # latest day of the review period (六)
    Column("pauses", Text, nullable=False, default="[]"),      # JSON list
    Column("emergency", Text),
    Column("conclusion", String(20), nullable=False),
    Column("reason", Text),
    Column("opinion", Text, nullable=False),   # the written opinion (plain text)
    Column("reviewer", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("package_path", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # 0002: a review kept from `doclint serve` can be opened again in the annotated view
    Column("report", Text),                    # the review JSON with each file's text, the upload's name, the form
    Column("upload", LargeBinary),             # the uploaded draft or zipped package, as sent
    UniqueConstraint("series", "round", name="uq_reviews_series_round"),
)
Index("ix_reviews_status", reviews.c.status)
Index("ix_reviews_received", reviews.c.received)

materials = Table(
    "materials", metadata,
    Column("id", Integer, primary_key=True),
    Column("review_id", Integer, ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(40)),
    Column("name", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", BigInteger, nullable=False),
)

findings = Table(
    "findings", metadata,
    Column("id", Integer, primary_key=True),
    Column("review_id", Integer, ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("path", Text, nullable=False),
    Column("rule", String(20), nullable=False),
    Column("category", String(40), nullable=False),
    Column("severity", String(10), nullable=False),
    Column("clause", Text),                    # the provision the finding sits in
    Column("data", Text, nullable=False),      # Finding.to_dict() as JSON (the one serialiser)
    Column("decision", Boolean),               # reviewer's verdict on the finding: True accepted, False rejected
    # 0002: the reviewer's word with the verdict
    Column("reason", Text),                    # not accepted: why
    Column("edited", Text),                    # accepted with the point reworded: the new wording
    Column("remark", Text),                    # a free remark on the finding or its clause
)

history = Table(  # append-only: every status change or note, with who and when
    "history", metadata,
    Column("id", Integer, primary_key=True),
    Column("review_id", Integer, ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", String(200), nullable=False),
    Column("status_from", String(20)),
    Column("status_to", String(20)),
    Column("note", Text),
)

documents = Table(  # published documents in force
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_number", String(200)),
    Column("title", Text, nullable=False),
    Column("issuer", Text),
    Column("written", Date),                   # 成文日期
    Column("effective", Date),                 # 施行日期
    Column("expires", Date),                   # 有效期 ends (last day in force)
    Column("repealed", Boolean, nullable=False, default=False),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("registered_by", String(200), nullable=False),
)
Index("ix_documents_doc_number", documents.c.doc_number)

# Provisions of registered documents (document_id) and of reviewed drafts (review_id),
# each with its MinHash signature (num_perm uint32 values, little-endian).
provisions = Table(
    "provisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), index=True),
    Column("review_id", Integer, ForeignKey("reviews.id", ondelete="CASCADE"), index=True),
    Column("seq", Integer, nullable=False),
    Column("section", Text),
    Column("text", Text, nullable=False),
    Column("minhash", LargeBinary, nullable=False),
)

# The LSH index, persisted: one row per (provision, band) with the band's hash.
lsh_bands = Table(
    "lsh_bands", metadata,
    Column("key", BigInteger, nullable=False),
    Column("provision_id", Integer, ForeignKey("provisions.id", ondelete="CASCADE"), nullable=False),
)
Index("ix_lsh_bands_key", lsh_bands.c.key)
Index("ix_lsh_bands_provision", lsh_bands.c.provision_id)
