import type { FastifyRequest } from 'fastify';
import type { ServerState } from '../context.ts';

/** The district last viewed in this browser (a preference, not a secret). */
export const AREA_COOKIE = 'safer_area';
/** Set when the user asked the district picker to list the districts without enough data too. */
export const ALL_DISTRICTS_COOKIE = 'safer_all_districts';

function homeName(request: FastifyRequest): string {
  return request.principal!.local ? 'local' : request.principal!.name;
}

/** The account's home district (its own, else the installation's), when it is covered. */
export async function accountHome(state: ServerState, request: FastifyRequest): Promise<string | undefined> {
  const covered = new Set((await state.service.areas()).districts.filter((d) => d.covered).map((d) => d.code));
  const home = state.auth.homeOf(homeName(request));
  return home && covered.has(home) ? home : undefined;
}

/**
 * Where a visit starts (`/`, after sign-in): the account's home district, else the installation's
 * default, else the district last viewed in this browser, else the first covered district.
 */
export async function landingDistrict(state: ServerState, request: FastifyRequest): Promise<string | undefined> {
  const covered = (await state.service.areas()).districts.filter((d) => d.covered);
  const pick = (code: string | null | undefined) => (code ? covered.find((d) => d.code === code)?.code : undefined);
  return (
    pick(state.auth.ownHome(homeName(request))) ??
    pick(state.auth.installationHome()) ??
    pick(request.cookies[AREA_COOKIE]) ??
    covered[0]?.code
  );
}

/**
 * The district the tabs of a page without one (Data, Accounts) lead back to: the one last viewed
 * in this browser, else the account's home, else the installation's, else the first covered.
 */
export async function workingDistrict(state: ServerState, request: FastifyRequest): Promise<string | undefined> {
  const covered = (await state.service.areas()).districts.filter((d) => d.covered);
  const pick = (code: string | null | undefined) => (code ? covered.find((d) => d.code === code)?.code : undefined);
  return pick(request.cookies[AREA_COOKIE]) ?? pick(state.auth.homeOf(homeName(request))) ?? covered[0]?.code;
}

export function homeScope(request: FastifyRequest): { user: string } {
  return { user: homeName(request) };
}
