"""The documents area: agreement editor, judicial confirmation, documents and printing."""
