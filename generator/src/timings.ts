/**
 * Phase timings for `--timings`: wall time and heap after each stage of a run, so a user can see
 * where the time of a large doc set goes (the benchmark, `scripts/bench.ts`, measures totals).
 */
import { performance } from 'node:perf_hooks';

export interface Phase {
  name: string;
  ms: number;
  /** Resident set size after the phase, MB. */
  rssMb: number;
  /** JavaScript heap in use after the phase, MB. */
  heapMb: number;
}

export class PhaseTimer {
  readonly phases: Phase[] = [];
  private last = performance.now();

  /** Ends the current phase under `name` and starts the next one. */
  lap(name: string): void {
    const now = performance.now();
    // Under `node --expose-gc` the heap figure is what is live, not what the collector has not reached yet.
    (globalThis as { gc?: () => void }).gc?.();
    this.phases.push({ name, ms: now - this.last, rssMb: process.memoryUsage.rss() / 1e6, heapMb: process.memoryUsage().heapUsed / 1e6 });
    this.last = now;
  }

  /** One line per phase and a total, aligned. */
  format(): string {
    const width = Math.max(5, ...this.phases.map((p) => p.name.length));
    const total = this.phases.reduce((sum, p) => sum + p.ms, 0);
    const line = (name: string, ms: number, p?: Phase): string =>
      `${name.padEnd(width)}  ${(ms / 1000).toFixed(2).padStart(7)} s${p === undefined ? '' : `  rss ${p.rssMb.toFixed(0).padStart(5)} MB  heap ${p.heapMb.toFixed(0).padStart(5)} MB`}`;
    return [...this.phases.map((p) => line(p.name, p.ms, p)), line('total', total)].join('\n');
  }
}

