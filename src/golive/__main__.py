"""``python -m golive``: the same program as the ``golive`` command."""

try:
    from golive.cli import main
except KeyboardInterrupt:  # Ctrl-C in the instant golive.cli itself is being imported
    from golive.cli import stopped_at_start

    raise SystemExit(stopped_at_start()) from None

raise SystemExit(main())
