"""The pure engine: pairing, grouping, meeting slots, recurrences and rhythms.

Plain Python (NumPy/SciPy, python-dateutil allowed), never Django: it takes dataclasses,
an injected random generator and "now", and returns plans with reason codes.

* `pairing`, `matching`, `perfect_matching`, `relaxation`, `scoring`, `all_pairs`,
  `candidates`: one round of pairs or trios.
* `grouping`, `group_search`, `golf_constructions`, `golf_symmetric`: rounds of groups
  (rooms, tables).
* `slots`: working-hours overlap and suggested meeting slots, DST-correct.
* `cadence`: recurrences as RFC 5545 RRULEs on a zone's wall clock (next occurrences, "is
  this day one"), and rhythms (how overdue a touch is, how quiet against its own rhythm).

`tests/engine/test_purity.py` enforces that nothing here imports Django or the rest of
Hallway.
"""
