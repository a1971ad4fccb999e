"""Who acts: accounts, masking of personal data, the audit trail."""
