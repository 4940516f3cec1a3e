"""Coffee writes, one module per area (planning, announcing, feedback, ...)."""
