"""x12flow core engine: reader, envelope, grammar engine, findings."""
