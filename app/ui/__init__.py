"""The PySide6 desktop interface; it reaches data only through app.services."""
