"""Scale benchmarks (``make bench``); each figure is reported beside a baseline."""
