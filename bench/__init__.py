"""Benchmarks of Steward's hot paths; `make bench` runs them all (bench/run.py)."""
