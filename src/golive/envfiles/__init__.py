"""Env files: reading (``read``), linting (``lint``), isolation facts (``isolation``),
and profiles (``profile``)."""
