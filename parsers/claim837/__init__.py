"""837 health care claims: professional (005010X222A1) and institutional (005010X223A2).

The grammars (``professional.lark``, ``institutional.lark``) and their qualifier and occurrence
tables (``.toml``) are package data; :data:`READER_837P` and :data:`READER_837I` are the
transaction readers that ``edi.inbound.registry`` looks up. Parsing gives each transaction set's
claims in the generator's input format (``edi.model.claim``), so a parsed 837 can be edited
and generated again. :func:`read_claim_sets` streams a file's claims with their envelope and the
positions of their segments, for a reader of submitted claims (the payer simulator).
"""

from parsers.claim837.located import ClaimPositions, LocatedClaim
from parsers.claim837.reader import READER_837I, READER_837P, Claim837Reader
from parsers.claim837.stream import ClaimSet, read_claim_sets
from parsers.claim837.transformer import ClaimTransformer, Counts, Header

__all__ = [
    "READER_837I",
    "READER_837P",
    "Claim837Reader",
    "ClaimPositions",
    "ClaimSet",
    "ClaimTransformer",
    "Counts",
    "Header",
    "LocatedClaim",
    "read_claim_sets",
]
