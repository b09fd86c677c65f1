/**
 * Roles and what each may do (docs/serve.md has the table). Clearance to see restricted datasets
 * is a separate flag on the account: admins always hold it; others only when an admin grants it.
 */
export const ROLES = ['admin', 'analyst', 'partner', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'view',
  'data',
  'upload',
  'upload-any-source',
  'create-source',
  'report-full',
  'report-public',
  'manage-users',
  'audit',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  analyst: ['view', 'data', 'upload', 'upload-any-source', 'create-source', 'report-full', 'report-public'],
  partner: ['view', 'data', 'upload', 'report-full', 'report-public'],
  viewer: ['view', 'report-public'],
};

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  analyst: 'Analyst',
  partner: 'Partner',
  viewer: 'Viewer',
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The signed-in person as every route sees them. */
export interface Principal {
  name: string;
  role: Role;
  /** may see restricted datasets */
  cleared: boolean;
  /** sources a partner may upload to (others: any source, by their role) */
  sources: string[];
  /** true in --no-auth mode */
  local: boolean;
}

export function mayUploadTo(user: Principal, source: string): boolean {
  if (!can(user.role, 'upload')) return false;
  return can(user.role, 'upload-any-source') || user.sources.includes(source);
}
