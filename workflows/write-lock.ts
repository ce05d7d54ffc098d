import { condition } from '@temporalio/workflow';

/**
 * One database write at a time inside a workflow: update handlers, signals and the main loop
 * interleave at every `await`, so each write plans from the state the previous one left.
 * Deterministic (conditions only, no commands).
 */
export class WriteLock {
  private held = false;

  /** A write is under way. */
  get busy(): boolean {
    return this.held;
  }

  async run<T>(write: () => Promise<T>): Promise<T> {
    // re-checked after every wake-up: handlers woken together must not all enter (a lost update)
    while (this.held) await condition(() => !this.held);
    this.held = true;
    try {
      return await write();
    } finally {
      this.held = false;
    }
  }

  /** Resolves once no write is under way. */
  idle(): Promise<void> {
    return condition(() => !this.held);
  }
}
