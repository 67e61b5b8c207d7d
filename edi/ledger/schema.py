"""The ledger's tables (SQLAlchemy Core). Money is NUMERIC(14,2), read back as ``Decimal``.

The tables are created and changed only by :mod:`edi.ledger.migrations`; this module describes
the current shape so that queries can be written against it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from edi.ledger.money import CENT, storable
from edi.x12.control_numbers import control_numbers as control_numbers_table

metadata = MetaData()


class Money(TypeDecorator[Decimal]):
    """NUMERIC(14,2) on PostgreSQL; integer cents on SQLite, whose NUMERIC is a float.

    Either way Python sees ``Decimal`` with two places, and SUM() in SQL stays exact. An
    amount beyond NUMERIC(14,2) (12 digits before the point) is refused on every backend with
    :class:`~edi.ledger.money.AmountOutOfRange`, before it reaches the driver.
    """

    impl = Numeric(14, 2, asdecimal=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(14, 2, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        amount = storable(value)
        if amount.as_tuple().exponent != -2:
            amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
        return int(amount.scaleb(2)) if dialect.name == "sqlite" else amount

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(int(value)) / 100).quantize(CENT)
        return Decimal(value).quantize(CENT)


Key = BigInteger().with_variant(Integer, "sqlite")  # SQLite autoincrements INTEGER keys only

migrations = Table(
    "ledger_migrations",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("applied_at", DateTime, nullable=False),
)

control_numbers = control_numbers_table.to_metadata(metadata)

batches = Table(
    "batches",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("direction", String(8), nullable=False),  # outbound (837) or inbound (replies)
    Column("kind", String(16), nullable=False),  # 837P, 837I, 835, 999, 277CA, mixed ...
    Column("file_name", Text, nullable=False),
    Column("sha256", String(64)),
    Column("sender_qualifier", String(2)),  # ISA05 (migration 0004; NULL on older rows)
    Column("sender_id", String(15)),  # ISA06
    Column("interchange_control_number", String(9)),  # ISA13
    Column("group_control_number", String(9)),  # GS06
    Column("set_count", Integer, nullable=False, default=0),
    Column("claim_count", Integer, nullable=False, default=0),
    Column("created_at", DateTime, nullable=False),
    Column("ack_status", String(2)),  # outbound: AK901 / TA104 of the latest acknowledgment
    Column("outcome", String(24)),  # inbound: posted, posted-with-findings
    UniqueConstraint("direction", "sha256", name="uq_batches_file"),
)
Index("ix_batches_interchange", batches.c.direction, batches.c.interchange_control_number)
Index("ix_batches_group", batches.c.direction, batches.c.group_control_number)

batch_sets = Table(
    "batch_sets",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("batch_id", ForeignKey("batches.id"), nullable=False),
    Column("set_control_number", String(9), nullable=False),  # ST02
    Column("claim_count", Integer, nullable=False),
    Column("ack_status", String(2)),  # IK501 / AK501 of the latest 999/997
    UniqueConstraint("batch_id", "set_control_number", name="uq_batch_sets"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("patient_control_number", String(38), nullable=False, unique=True),  # CLM01
    Column("kind", String(4), nullable=False),  # 837P / 837I
    Column("payer_id", String(80)),
    Column("payer_name", String(60)),
    Column("charge", Money(), nullable=False),
    Column("service_from", Date),
    Column("service_to", Date),
    Column("status", String(16), nullable=False),
    Column("payer_claim_control_number", String(50)),
    Column("submitted_at", DateTime, nullable=False),  # first submission
    Column("last_submitted_at", DateTime, nullable=False),
    Column("submission_count", Integer, nullable=False),
    Column("paid", Money(), nullable=False),
    Column("adjusted", Money(), nullable=False),
    Column("patient_responsibility", Money(), nullable=False),
    Column("updated_at", DateTime, nullable=False),
    # write-offs posted from the worklist (migration 0005): part of the balance, beside the
    # payers' own CO/OA/PI adjustments in ``adjusted``
    Column("written_off", Money(), nullable=False, server_default=text("0")),
    # the patient's identity, for ``x12flow find`` only (migration 0005): the patient, or the
    # subscriber when the patient is the subscriber; NULL on claims recorded before
    Column("patient_last_name", String(60)),
    Column("patient_first_name", String(35)),
    Column("member_id", String(80)),  # 2010BA NM109
    Column("patient_birth_date", Date),
)
Index("ix_claims_status", claims.c.status)
Index("ix_claims_icn", claims.c.payer_claim_control_number)
Index("ix_claims_member", claims.c.member_id)
Index("ix_claims_patient_name", claims.c.patient_last_name)

claim_lines = Table(
    "claim_lines",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("claim_id", ForeignKey("claims.id"), nullable=False),
    Column("submission_id", ForeignKey("submissions.id"), nullable=False),
    Column("line_number", Integer, nullable=False),
    Column("line_control_number", String(50)),  # REF*6R
    Column("procedure", String(60)),
    Column("charge", Money(), nullable=False),
    Column("service_date", Date),
)
Index("ix_claim_lines_claim", claim_lines.c.claim_id)

submissions = Table(
    "submissions",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("claim_id", ForeignKey("claims.id"), nullable=False),
    Column("batch_id", ForeignKey("batches.id"), nullable=False),
    Column("set_control_number", String(9), nullable=False),
    Column("sequence", Integer, nullable=False),  # 1 = first submission
    Column("frequency_code", String(1)),
    Column("charge", Money(), nullable=False),
    Column("submitted_at", DateTime, nullable=False),
    Column("outcome", String(10), nullable=False),  # pending, accepted, rejected
)
Index("ix_submissions_claim", submissions.c.claim_id)
Index("ix_submissions_set", submissions.c.batch_id, submissions.c.set_control_number)

acknowledgments = Table(
    "acknowledgments",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("batch_id", ForeignKey("batches.id"), nullable=False),  # the inbound file
    Column("kind", String(6), nullable=False),  # TA1, 999, 997, 277CA, 277
    Column("level", String(12), nullable=False),  # interchange, group, set, claim, line
    Column("acked_batch_id", ForeignKey("batches.id")),  # our outbound batch
    Column("claim_id", ForeignKey("claims.id")),
    Column("reference", String(50)),  # ISA13, GS06, ST02, CLM01 or REF*6R acknowledged
    Column("status", String(12)),  # TA104, AK901, IK501, STC01-1
    Column("accepted", Boolean),
    Column("detail", Text),
    Column("location", Text),
)
Index("ix_acknowledgments_claim", acknowledgments.c.claim_id)

remittances = Table(
    "remittances",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("batch_id", ForeignKey("batches.id"), nullable=False),
    Column("set_control_number", String(9)),
    Column("payer_id", String(80)),
    Column("payer_name", String(60)),
    Column("trace_number", String(50)),  # TRN02
    Column("method", String(4)),  # BPR04
    Column("amount", Money()),  # BPR02
    Column("payment_date", Date),  # BPR16
    Column("claim_count", Integer, nullable=False, default=0),
)

claim_payments = Table(
    "claim_payments",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("remittance_id", ForeignKey("remittances.id"), nullable=False),
    Column("claim_id", ForeignKey("claims.id")),  # NULL: in the exception queue
    Column("natural_key", String(64), nullable=False, unique=True),
    Column("patient_control_number", String(38), nullable=False),  # CLP01
    Column("status_code", String(4), nullable=False),  # CLP02
    Column("kind", String(10), nullable=False),  # original, reversal, correction
    Column("charge", Money(), nullable=False),  # CLP03
    Column("paid", Money(), nullable=False),  # CLP04
    Column("patient_responsibility", Money(), nullable=False),  # CLP05
    Column("adjusted", Money(), nullable=False),  # CO + OA + PI
    Column("pr_adjusted", Money(), nullable=False),  # PR adjustments
    Column("payer_claim_control_number", String(50)),  # CLP07
    Column("reversed_by", BigInteger),
    Column("location", Text),
)
Index("ix_claim_payments_claim", claim_payments.c.claim_id)

service_payments = Table(
    "service_payments",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("claim_payment_id", ForeignKey("claim_payments.id"), nullable=False),
    Column("line_number", Integer, nullable=False),
    Column("procedure", String(60)),
    Column("charge", Money()),
    Column("paid", Money()),
    Column("units", String(32)),  # SVC05, as written
    Column("line_control_number", String(50)),  # REF*6R
)
Index("ix_service_payments_payment", service_payments.c.claim_payment_id)

adjustments = Table(
    "adjustments",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("claim_payment_id", ForeignKey("claim_payments.id"), nullable=False),
    Column("line_number", Integer),  # NULL: claim level
    Column("group_code", String(3), nullable=False),  # CAS01
    Column("reason_code", String(8), nullable=False),  # CARC
    Column("amount", Money(), nullable=False),
    Column("quantity", String(32)),  # CAS04, as written
)
Index("ix_adjustments_payment", adjustments.c.claim_payment_id)

remarks = Table(
    "remarks",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("claim_payment_id", ForeignKey("claim_payments.id"), nullable=False),
    Column("line_number", Integer),
    Column("qualifier", String(3)),
    Column("code", String(30), nullable=False),
)
Index("ix_remarks_payment", remarks.c.claim_payment_id)

provider_adjustments = Table(
    "provider_adjustments",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("remittance_id", ForeignKey("remittances.id"), nullable=False),
    Column("provider_id", String(50)),  # PLB01
    Column("fiscal_period_date", Date),  # PLB02
    Column("reason_code", String(4), nullable=False),  # PLB03-1
    Column("reference", String(50)),  # PLB03-2
    Column("amount", Money(), nullable=False),  # positive reduces the payment
    Column("claim_id", ForeignKey("claims.id")),
)
Index("ix_provider_adjustments_claim", provider_adjustments.c.claim_id)

unmatched = Table(
    "unmatched",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("batch_id", ForeignKey("batches.id"), nullable=False),
    Column("item", String(24), nullable=False),  # claim_payment, claim_status, set_response, ...
    Column("reference", String(50)),  # CLP01, TRN02, AK202, ISA13
    Column("payer_claim_control_number", String(50)),
    Column("amount", Money()),
    Column("reason", Text, nullable=False),
    Column("claim_payment_id", ForeignKey("claim_payments.id")),
    Column("location", Text),
    Column("created_at", DateTime, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("claim_id", ForeignKey("claims.id"), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("kind", String(24), nullable=False),
    Column("from_status", String(16)),
    Column("to_status", String(16)),
    Column("batch_id", ForeignKey("batches.id")),  # the source file
    Column("location", Text),  # file:segment N (ID, loop)
    Column("detail", Text),
)
Index("ix_events_claim", events.c.claim_id)

claim_sources = Table(
    "claim_sources",
    metadata,
    Column("sha256", String(64), primary_key=True),  # a claim input file consumed by submit
    Column("file_name", Text, nullable=False),
    Column("batch_id", ForeignKey("batches.id")),  # the 837 that carried its claims, if any
    Column("submitted_at", DateTime, nullable=False),
)

# 835 transaction sets that do not balance, held for review instead of posted
# (``x12flow held``); the file's bytes are kept once so an accepted set can be posted later.
held_files = Table(
    "held_files",
    metadata,
    Column("batch_id", ForeignKey("batches.id"), primary_key=True),  # the inbound file
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),  # the file as received
)

held_sets = Table(
    "held_sets",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("batch_id", ForeignKey("batches.id"), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("interchange_control_number", String(9)),  # ISA13
    Column("group_control_number", String(9)),  # GS06
    Column("set_control_number", String(9)),  # ST02
    Column("set_segment", Integer, nullable=False),  # ordinal of the ST in the file
    Column("payer_id", String(80)),
    Column("payer_name", String(60)),
    Column("trace_number", String(50)),  # TRN02
    Column("amount", Money(), nullable=False),  # BPR02
    Column("expected", Money(), nullable=False),  # sum(CLP04) - sum(PLB amounts)
    Column("difference", Money(), nullable=False),  # BPR02 - expected
    Column("claim_count", Integer, nullable=False),
    Column("reason", Text, nullable=False),  # the BALANCE finding, kept once decided
    Column("status", String(10), nullable=False),  # held, accepted, discarded
    Column("created_at", DateTime, nullable=False),
    Column("decided_at", DateTime),
    Column("decided_by", String(80)),
    Column("note", Text),
)
Index("ix_held_sets_status", held_sets.c.status)

# The denial worklist (``x12flow worklist``, ``work``, ``match``, ``dismiss``): one item per
# claim (or exception-queue entry) to work, opened and closed by the replies that land; its row
# is the item's current state, and every change of it is a ``worklist_events`` row.
worklist_items = Table(
    "worklist_items",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("claim_id", ForeignKey("claims.id")),  # NULL: an exception-queue entry not matched
    Column("unmatched_id", ForeignKey("unmatched.id")),
    Column("batch_id", ForeignKey("batches.id"), nullable=False),  # the reply that opened it
    Column("source", String(12), nullable=False),  # 835, 999, 997, TA1, 277CA, 277, unmatched
    Column("category", String(32), nullable=False),  # edi.model.denials.Category
    Column("action", String(24), nullable=False),  # edi.model.denials.Action when opened
    Column("received", Date, nullable=False),  # the reply's date: deadlines count from it
    Column("deadline", Date),
    Column("amount", Money(), nullable=False),  # at stake
    Column("priority", Money(), nullable=False),  # as of when it was opened or last assessed
    Column("status", String(12), nullable=False),
    Column("assignee", String(80)),
    Column("opened_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("closed_at", DateTime),
    Column("version", Integer, nullable=False),  # compare-and-set: a change names the one it saw
)
Index("ix_worklist_items_claim", worklist_items.c.claim_id)
Index("ix_worklist_items_status", worklist_items.c.status)

worklist_events = Table(
    "worklist_events",
    metadata,
    Column("id", Key, primary_key=True, autoincrement=True),
    Column("item_id", ForeignKey("worklist_items.id"), nullable=False),
    Column("claim_id", ForeignKey("claims.id")),  # for the claim's history
    Column("at", DateTime, nullable=False),  # edi.x12.clock
    Column("by", String(80), nullable=False),  # the worker, or "x12flow" for a reply's doing
    Column("kind", String(16), nullable=False),  # opened, changed, reassessed, resolved, ...
    Column("from_status", String(12)),
    Column("to_status", String(12)),
    Column("from_assignee", String(80)),
    Column("to_assignee", String(80)),
    Column("amount", Money()),  # a write-off posted to the claim's balance
    Column("batch_id", ForeignKey("batches.id")),  # the reply behind an automatic change
    Column("note", Text),
)
Index("ix_worklist_events_item", worklist_events.c.item_id)
Index("ix_worklist_events_claim", worklist_events.c.claim_id)
