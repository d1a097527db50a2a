import sys

try:
    from golive.cli import main
except KeyboardInterrupt:  # Ctrl-C while Python is still importing golive
    sys.stderr.write("golive: interrupted\n")
    raise SystemExit(130) from None

raise SystemExit(main())
