"""World-scale data generator and benchmarks for hemis (see docs/benchmarks.md)."""
