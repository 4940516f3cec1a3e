"""Coffee reads, one module per area."""
