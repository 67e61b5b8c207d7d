"""Command modules of the x12flow CLI; each exposes a COMMANDS list."""
