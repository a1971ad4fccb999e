"""The few colours that carry meaning (risk levels, messages), kept in one place."""

RISK_COLOURS = {"red": "#c62828", "yellow": "#b26a00", "green": "#2e7d32"}
