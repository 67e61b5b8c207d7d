"""The outbound pipeline: check claims, number them, write the 837s and record them in the ledger.

:func:`edi.outbound.pipeline.send_claims` is the one call; ``generate`` and ``submit`` wrap it
for their commands, :mod:`edi.outbound.sending` checks the claims one at a time (keeping a few
bytes of each, :mod:`edi.outbound.candidates`, and setting the rest aside on disk,
:mod:`edi.outbound.spool`) and :mod:`edi.outbound.staging` writes each 837 under a staging name.
"""
