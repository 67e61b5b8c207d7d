"""The X12 core: delimiters, segments, reading and writing, envelopes, grammars, findings.

It imports nothing above it: no transaction, no claim model, no ledger, no application.
"""
