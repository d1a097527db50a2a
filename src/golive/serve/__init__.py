"""``golive serve``: the preflight on a schedule, its verdict over HTTP (readiness, metrics).

``scheduler`` runs one preflight at a time (at start, then every interval with
jitter) and keeps the last outcome; ``app`` serves it; ``retention`` deletes
the oldest bundles the server wrote. Imports go down only: this package sits
between ``commands`` and ``report``.
"""
