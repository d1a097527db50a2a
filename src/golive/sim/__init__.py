"""The exchange simulator: Binance, Upbit and Telegram on one loopback HTTP server.

Importing this package is cheap: Starlette and uvicorn are imported only by the
modules that serve requests (``app``, ``server``), which load when a simulator
is started. Start one with :func:`golive.sim.server.start_simulator`, or from
the shell with ``golive sim`` (:func:`golive.sim.command.run_sim`).
"""

__all__: list[str] = []
