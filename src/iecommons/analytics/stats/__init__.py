"""Survey statistics."""
