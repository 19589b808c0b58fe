"""The benchmarks of bench/README.md: scripts run by hand, and the dataset builder they share (bench.data)."""
