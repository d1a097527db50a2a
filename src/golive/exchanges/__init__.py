"""Read-only exchange clients: one guarded client factory, per-venue signing, header parsing."""
