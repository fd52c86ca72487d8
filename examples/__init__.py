"""Example clients of Paragon, with test suites written two ways (see benchmarks/bench_mutation)."""
