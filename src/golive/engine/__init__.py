"""The preflight engine: the runner (``runner``), the preflight as a library call
(``preflight``) and signal handling (``signals``)."""
