"""Storing generated papers and gathering what they print."""
