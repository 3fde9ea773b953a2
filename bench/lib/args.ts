/** Command-line options of `npm run bench` (and bench:seed / bench:explain). */
export interface BenchArgs {
  /** 1 = national scale (100,000 citizens, ~1,000,000 meetings, ~2,000,000 slots). */
  scale: number;
  /** Seconds of measured load per operation. */
  duration: number;
  /** Seconds of warm-up load before each measurement. */
  warmup: number;
  /** Concurrent connections of the load generator. */
  connections: number;
  /** Reseed even when data of this scale and day is there. */
  reseed: boolean;
  /** Only these operations (comma-separated names), e.g. `--only obligations,bare`. */
  only: string[] | undefined;
  /** Number of bookSlot requests in the burst (distinct citizens). */
  burst: number;
  /** Also measure the obligations on src/cluster.ts with this many workers (0: not). */
  cluster: number;
  /**
   * A checkout of another commit, built (`npm run build` there): its API is measured on the citizen's obligations in
   * alternating rounds with this one's, as "API (baseline)" — an A/B of a change (e.g. bench/results/limits.md); the
   * caseworker list and the a-kasse feed too (issue 16).
   */
  baseline: string | undefined;
}

export function parseArgs(argv: string[]): BenchArgs {
  const a: BenchArgs = { scale: 1, duration: 15, warmup: 5, connections: 10, reseed: false, only: undefined, burst: 2000, cluster: 2, baseline: undefined };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    const num = (name: string) => {
      const n = Number(v());
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
      return n;
    };
    if (k === '--scale') a.scale = num('--scale');
    else if (k === '--duration') a.duration = num('--duration');
    else if (k === '--warmup') a.warmup = num('--warmup');
    else if (k === '--connections') a.connections = Math.round(num('--connections'));
    else if (k === '--burst') a.burst = Math.round(num('--burst'));
    else if (k === '--cluster') a.cluster = Math.round(Number(v()));
    else if (k === '--no-cluster') a.cluster = 0;
    else if (k === '--reseed' || k === '--force') a.reseed = true;
    else if (k === '--baseline') a.baseline = v();
    else if (k === '--only') a.only = v().split(',').map((s) => s.trim()).filter(Boolean);
    else if (k === '--help' || k === '-h') {
      console.log(`npm run bench -- [--scale 1] [--duration 15] [--warmup 5] [--connections 10] [--burst 2000] [--cluster 2 | --no-cluster] [--reseed] [--only obligations,bare,floor,caseworkerList,fundEvents,fundEventsCatchUp,cluster,bookSlot] [--baseline <built checkout of another commit>]`);
      process.exit(0);
    } else throw new Error(`unknown option ${k} (try --help)`);
  }
  if (a.scale > 5) throw new Error('--scale above 5 is not supported on one machine');
  return a;
}
