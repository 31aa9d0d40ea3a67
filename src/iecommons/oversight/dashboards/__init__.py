"""Jurisdiction dashboards: national, province and city figures, computed by a background
job and stored, so that a dashboard renders from stored figures; a public version holds the
public figures only; a map of China by province drills down to each province."""
