"""Deterministic build scripts for the shipped taxonomy data (not used at run time)."""
