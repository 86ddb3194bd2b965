// Roles per company, ordered owner > admin > staff > customer (SPEC §3.1).
export const ROLES = ['customer', 'staff', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export const roleRank = (role: Role): number => ROLES.indexOf(role);

export const isAtLeast = (role: Role, minimum: Role): boolean => roleRank(role) >= roleRank(minimum);

/** Nobody grants a role above their own. */
export const canGrant = (granter: Role, granted: Role): boolean => roleRank(granted) <= roleRank(granter);
