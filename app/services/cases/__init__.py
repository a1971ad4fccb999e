"""Cases: intake, lists, the detail view, the archive guard and drafts."""
