"""Benchmarks of the portal: they print figures and write docs/benchmarks.md (run bench/run.py)."""
