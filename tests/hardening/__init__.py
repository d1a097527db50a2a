"""Hardening: fault matrix, safety invariants, interrupted, unwritable and concurrent runs."""
