"""Inbound transactions: 835, 999/997, TA1, 277CA/277 into typed models."""
