"""Mediating a case: sessions, deadlines, performance, follow-ups, archive, the dashboard."""
