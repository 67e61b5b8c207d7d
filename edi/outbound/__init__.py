"""The outbound pipeline: check claims, number them, write an 837 and record it in the ledger."""
