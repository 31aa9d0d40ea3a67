"""Oversight: what supervisors, the public and researchers read across communities.

Open data first: the public records as a validated Frictionless Data Package, versioned.
"""
