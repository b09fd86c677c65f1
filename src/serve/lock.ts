/**
 * One DuckDB connection runs one statement at a time, and a transaction (an import) must not
 * interleave with other statements on it: every use of a connection goes through its lock, in
 * arrival order.
 */
export class Lock {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  run<T>(work: () => Promise<T>): Promise<T> {
    this.waiting += 1;
    const result = this.tail.then(work, work);
    this.tail = result.then(
      () => (this.waiting -= 1),
      () => (this.waiting -= 1),
    );
    return result;
  }

  /** Tasks queued or running. */
  get pending(): number {
    return this.waiting;
  }
}
