"""The competitions engine: judge-effects ranking, Crowd-BT pairwise finals, judge assignment,
and the rank_entries file formats. Pure Python + numpy/scipy: no Django (import-linter)."""
