"""The 835 remittance model: one family of classes, read by ``parsers.era835`` and written by
``generators.replies``."""
