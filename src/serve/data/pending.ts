import { randomBytes } from 'node:crypto';
import { removeUpload, type UploadedFile } from './uploads.ts';

/** An upload previewed and waiting for its account to confirm or cancel it. */
export interface PendingUpload {
  token: string;
  user: string;
  target: string;
  fileName: string;
  folder: string;
  files: UploadedFile[];
  restricted: boolean;
  createdAt: number;
}

/** How long a previewed upload waits for its confirmation. */
export const PENDING_TTL_MS = 30 * 60_000;
const MAX_PENDING = 50;

/**
 * Previewed uploads, in memory: the file stays in its private temporary folder until it is
 * confirmed, cancelled, or left for 30 minutes (then removed; a restart's sweep removes any left).
 * Only the account that uploaded a file may confirm it.
 */
export class PendingUploads {
  private readonly items = new Map<string, PendingUpload>();

  add(entry: Omit<PendingUpload, 'token' | 'createdAt'>): PendingUpload {
    this.expire();
    while (this.items.size >= MAX_PENDING) this.drop(this.items.keys().next().value!);
    const item: PendingUpload = { ...entry, token: randomBytes(18).toString('base64url'), createdAt: Date.now() };
    this.items.set(item.token, item);
    return item;
  }

  /** The pending upload of this account with this token, taken out of the list. */
  take(token: string, user: string): PendingUpload | undefined {
    this.expire();
    const item = this.items.get(token);
    if (!item || item.user !== user) return undefined;
    this.items.delete(token);
    return item;
  }

  drop(token: string): void {
    const item = this.items.get(token);
    if (!item) return;
    this.items.delete(token);
    removeUpload(item.folder);
  }

  clear(): void {
    for (const token of [...this.items.keys()]) this.drop(token);
  }

  private expire(): void {
    const now = Date.now();
    for (const [token, item] of this.items) if (item.createdAt + PENDING_TTL_MS < now) this.drop(token);
  }
}
