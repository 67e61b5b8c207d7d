"""The domain model: what a claim is (837) and what a payer paid on it (835).

Both the parsers that read X12 and the generators that write it use these models, and they
import nothing but the X12 core.
"""
