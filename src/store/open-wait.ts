import { SaferError } from '../core/errors.ts';
import { Store } from './db.ts';

/** Seconds a command waits for another Safer command holding the store (SAFER_LOCK_WAIT, default 600). */
export function lockWaitSeconds(): number {
  const raw = process.env.SAFER_LOCK_WAIT;
  const n = raw === undefined ? 600 : Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : 600;
}

/**
 * Opens the store, waiting while another command (an import, say) holds it: two imports at once
 * run one after the other, the second saying it waits and for whom. A running server is not
 * waited for (it holds the store until stopped): its error is returned at once.
 */
export async function openStoreWaiting(
  path: string,
  options: { readOnly?: boolean; onWait?: (message: string) => void; waitSeconds?: number } = {},
): Promise<Store> {
  const deadline = Date.now() + (options.waitSeconds ?? lockWaitSeconds()) * 1000;
  let told = false;
  for (;;) {
    try {
      return await Store.open(path, options.readOnly ? { readOnly: true } : {});
    } catch (error) {
      if (!(error instanceof SaferError) || error.code !== 'E_STORE_BUSY' || Date.now() >= deadline) throw error;
      if (!told) {
        options.onWait?.(`waiting: ${error.message}; this starts when it finishes`);
        told = true;
      }
      await new Promise((ok) => setTimeout(ok, 250));
    }
  }
}
