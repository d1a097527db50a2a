"""Git facts for env files: repository facts (``facts``), the history scan
(``historyscan``) and the git subprocess helpers (``proc``)."""
