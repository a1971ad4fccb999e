"""Statistics and reports: queries over the case base turned into tables, charts and files.

Sits above the services (it reads through their unit of work) and beside the documents.
"""
