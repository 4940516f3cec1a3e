"""Relationships: companies and contacts outside the organisation, every touch with them,
orders, personal details and notes, keep-in-touch rhythms and the reach-out queue."""
