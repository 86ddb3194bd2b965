import type { EntityManager } from '@mikro-orm/postgresql';
import type { SessionState, SessionStates } from '../../application/ports/session-states';
import type { Role } from '../../domain/identity/role';

/**
 * One indexed statement (users by primary key, the family by `refresh_tokens_family_idx`): every
 * replica asks it about each session it serves once per check interval. `bool_and` over no rows
 * is null, so an unknown family reads as ended, as a revoked or foreign one does.
 */
const CURRENT = `select u.role from users u
  where u.company_id = ? and u.id = ?
    and (select bool_and(t.revoked_at is null and t.company_id = u.company_id and t.user_id = u.id)
         from refresh_tokens t where t.family_id = ?)`;

export class MikroOrmSessionStates implements SessionStates {
  constructor(private readonly em: EntityManager) {}

  async current(companyId: string, userId: string, sessionId: string): Promise<SessionState | null> {
    const [row] = await this.em.execute<{ role: Role }[]>(CURRENT, [companyId, userId, sessionId]);
    return row ? { role: row.role } : null;
  }
}
