import type { Disposable } from '../disposable';
import { errorMessage } from '../errors';
import type { HealthViewState } from '../tree/healthTree';
import type { HealthReport } from './types';

/** Runs one refresh; may hand partial reports (checks answered so far) to `onProgress` before it resolves. */
export type HealthRunner = (signal: AbortSignal, onProgress: (partial: HealthReport) => void) => Promise<HealthReport>;

/**
 * Refreshes region health on demand and every `intervalSeconds` while active (a runbook is visible);
 * one refresh at a time. The runner is bounded by the checks' deadline, so `refreshing` always ends.
 */
export class HealthMonitor implements Disposable {
  private view: HealthViewState = { refreshing: false };
  private inFlight: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private abort: AbortController | undefined;
  private active = false;
  private lastEnd = 0;
  private disposed = false;

  constructor(
    private runner: HealthRunner,
    private readonly onChange: (view: HealthViewState) => void,
    private intervalSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): HealthViewState {
    return this.view;
  }

  /** Runs a refresh now (or joins the one under way). */
  refresh(): Promise<void> {
    if (this.disposed) {
      return Promise.resolve();
    }
    if (!this.inFlight) {
      const run: Promise<void> = this.doRefresh().finally(() => {
        // A reset meanwhile dropped this run: it must not push back the next runbook's first check.
        if (this.inFlight === run) {
          this.inFlight = undefined;
          this.lastEnd = this.now();
          this.schedule();
        }
      });
      this.inFlight = run;
    }
    return this.inFlight;
  }

  /** Pauses the interval while no runbook is visible; resuming refreshes at once when the last one is stale. */
  setActive(active: boolean): void {
    this.active = active;
    this.schedule();
  }

  setInterval(seconds: number): void {
    this.intervalSeconds = seconds;
    this.schedule();
  }

  /** A new runbook (other targets): abandon the refresh under way, drop the old report, check again when active. */
  reset(runner: HealthRunner, message?: string): void {
    this.abort?.abort();
    this.inFlight = undefined;
    this.runner = runner;
    this.lastEnd = 0;
    this.set({ refreshing: false, message });
    this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    this.abort?.abort();
    clearTimeout(this.timer);
  }

  private set(view: HealthViewState): void {
    this.view = view;
    if (!this.disposed) {
      this.onChange(view);
    }
  }

  private async doRefresh(): Promise<void> {
    const ac = new AbortController();
    this.abort = ac;
    this.set({ ...this.view, refreshing: true });
    try {
      // Each check shows as soon as it answers: a dead region does not hold back the live one's results.
      const onProgress = (partial: HealthReport): void => {
        if (!ac.signal.aborted && this.abort === ac) {
          this.set({ report: partial, refreshing: true });
        }
      };
      const report = await this.runner(ac.signal, onProgress);
      if (!ac.signal.aborted) {
        this.set({ report, refreshing: false });
      }
    } catch (e) {
      if (!ac.signal.aborted) {
        this.set({ ...this.view, refreshing: false, message: `Health check failed: ${errorMessage(e)}` });
      }
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.disposed || !this.active || this.intervalSeconds <= 0 || this.inFlight) {
      return;
    }
    const wait = Math.max(0, this.lastEnd + this.intervalSeconds * 1000 - this.now());
    this.timer = setTimeout(() => void this.refresh(), wait);
  }
}
