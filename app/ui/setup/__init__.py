"""The first-start setup wizard (本单位设置)."""
