/** Tracks every timer the sandbox starts so reset and close can cancel all of them. */
export class Scheduler {
  private timers = new Set<NodeJS.Timeout>();
  /** Called after every timer callback (the world may have changed: persistence saves it). */
  onRan: () => void = () => {};

  after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      try {
        fn();
      } finally {
        this.onRan();
      }
    }, Math.max(0, ms));
    this.timers.add(timer);
  }

  every(ms: number, fn: () => void): () => void {
    const timer = setInterval(() => {
      try {
        fn();
      } finally {
        this.onRan();
      }
    }, ms);
    this.timers.add(timer);
    return () => {
      clearInterval(timer);
      this.timers.delete(timer);
    };
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
