"""The inbound pipeline: read a file, find its transactions, parse them, post them to the ledger."""
