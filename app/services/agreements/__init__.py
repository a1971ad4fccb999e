"""The settlement: agreements, obligations, judicial confirmation, signed scans."""
