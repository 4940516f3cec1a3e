"""The pure engine: pairing, grouping, slots and cadence maths.

Plain Python (NumPy/SciPy allowed), never Django: it takes dataclasses, an injected random
generator and "now", and returns plans with reason codes. `tests/engine/test_purity.py`
enforces that nothing here imports Django or the rest of Hallway.
"""
