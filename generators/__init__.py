"""Outbound transactions: 837P and 837I claim files (and the payer simulator's replies)."""
