"""Pages of the assessment app, one module per sub-area; thin: scope check, form,
service call, redirect or render."""
