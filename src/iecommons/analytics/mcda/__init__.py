"""Multi-criteria decision analysis: weights, normalisation, aggregation, AHP, fuzzy, trees."""
