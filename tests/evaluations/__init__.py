"""Tests of the evaluations app."""
