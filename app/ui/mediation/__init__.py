"""Mediation steps in the case detail window, and the warning panel (工作台)."""
