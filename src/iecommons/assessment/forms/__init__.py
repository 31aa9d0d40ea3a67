"""Forms of the assessment pages, by sub-area; the services do the real validation."""
