"""Ledgers in and out: importing the spreadsheets offices already keep, exporting lists."""
