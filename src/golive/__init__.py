"""golive: the go-live gate for a live crypto arbitrage bot.

Importing the package is cheap by design: it holds the version and nothing else.
The CLI, the checks and the simulator are imported only when used.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
