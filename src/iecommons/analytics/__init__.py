"""The pure computational core of IE Commons (no Django)."""
