// One CPU micro-benchmark result, as bench/cpu/*.bench.ts write it to bench/results/cpu.json.

export interface CpuResult {
  name: string;
  group: "render" | "feed" | "policy" | "markdown";
  /** Mean microseconds per call. */
  meanUs: number;
  p50Us: number;
  p99Us: number;
  samples: number;
}
