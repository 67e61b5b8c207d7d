"""837 health care claims: professional (005010X222A1) and institutional (005010X223A2).

The grammars (``professional.lark``, ``institutional.lark``) and their qualifier and occurrence
tables (``.toml``) are package data; :data:`READER_837P` and :data:`READER_837I` are the
transaction readers that ``edi.transaction`` looks up.
"""

from parsers.claim837.reader import Claim837Reader, Counts

READER_837P = Claim837Reader("professional")
READER_837I = Claim837Reader("institutional")

__all__ = ["READER_837I", "READER_837P", "Claim837Reader", "Counts"]
