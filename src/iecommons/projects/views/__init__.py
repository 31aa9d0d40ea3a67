"""Pages of joint projects, split by sub-area: projects, sharing, accounts and commitments."""
