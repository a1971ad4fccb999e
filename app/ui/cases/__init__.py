"""GUI pages for one area of work."""
