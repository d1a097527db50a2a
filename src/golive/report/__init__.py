"""Output formats: each turns results into text; none prints or decides an exit code."""
