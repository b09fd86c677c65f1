/**
 * Failed-login limiter, kept in memory (it resets when the server restarts, which an attacker
 * cannot trigger). Two keys: the client address and the account name, so that neither guessing
 * many passwords for one account from many addresses nor many accounts from one address works.
 */
export interface LimitRule {
  /** failures allowed inside the window */
  max: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS = {
  address: { max: 20, windowMs: 15 * 60_000 },
  account: { max: 5, windowMs: 15 * 60_000 },
} satisfies Record<string, LimitRule>;

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly rule: LimitRule,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.rule.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }

  /** Seconds until another attempt is allowed (0: allowed now). */
  retryAfter(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.rule.max) return 0;
    const oldest = recent[recent.length - this.rule.max]!;
    return Math.max(1, Math.ceil((oldest + this.rule.windowMs - this.now()) / 1000));
  }

  fail(key: string): void {
    this.failures.set(key, [...this.recent(key), this.now()]);
    if (this.failures.size > 10_000) this.prune();
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) this.recent(key);
  }
}
