"""The desks: a home page for each role after sign-in, summarising every app it may read."""
