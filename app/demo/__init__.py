"""The synthetic-data generator: a demo county for trying the program, benchmarks and tests."""
