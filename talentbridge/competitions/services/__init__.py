"""Writes, one module per entity: ``competitions`` (competition, tracks, propositions, phases),
``entries`` (registration, approval, sealed submissions), ``judging`` (judges, conflicts,
assignment, the scoring log, rankings and awards)."""
