"""Opening a case base and the handle the GUI keeps on it."""
