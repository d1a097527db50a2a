"""``python -m golive``: the same program as the ``golive`` command (``golive.cli.entry``)."""

try:
    from golive.cli import entry
except KeyboardInterrupt:  # Ctrl-C in the instant golive.cli itself is being imported
    from golive.cli import stopped_at_start as entry

raise SystemExit(entry())
