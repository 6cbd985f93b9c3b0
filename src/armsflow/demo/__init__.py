"""The demonstration world loaded by ``make run``: synthetic people, fictitious license numbers."""
