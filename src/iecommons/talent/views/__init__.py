"""Pages of the talent chain, one module per sub-area: ``rounds`` (the three lists and
internship rounds) and ``programmes`` (courses, cohorts, teachers and mentors)."""
