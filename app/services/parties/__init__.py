"""The party registry (当事人): finding, editing, merging, masked lists."""
