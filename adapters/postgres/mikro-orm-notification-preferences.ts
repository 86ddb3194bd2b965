// The (trigger, channel) pairs users have set, by native SQL on the caller's transactional `em`.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationPreferenceRepository } from '../../application/ports/notification-repository';
import { NOTIFICATION_CHANNELS, NOTIFICATION_TRIGGERS, type NotificationPreference } from '../../domain/notifications/notification';

interface PreferenceRow {
  trigger: string;
  channel: string;
  enabled: boolean;
}

export class MikroOrmNotificationPreferenceRepository implements NotificationPreferenceRepository {
  constructor(private readonly em: EntityManager) {}

  async forUser(companyId: string, userId: string): Promise<NotificationPreference[]> {
    const rows = await this.em.execute<PreferenceRow[]>(
      `select trigger, channel, enabled from notification_preferences where company_id = ? and user_id = ? order by trigger, channel`,
      [companyId, userId],
    );
    return rows.flatMap(toPreference);
  }

  async set(companyId: string, userId: string, preferences: readonly NotificationPreference[]): Promise<void> {
    // One row per pair, the last given winning: an upsert may not touch a row twice.
    const pairs = [...new Map(preferences.map((p) => [`${p.trigger}/${p.channel}`, p])).values()];
    if (pairs.length === 0) return;
    await this.em.execute(
      `insert into notification_preferences (company_id, user_id, trigger, channel, enabled)
       values ${pairs.map(() => '(?, ?, ?, ?, ?)').join(', ')}
       on conflict (company_id, user_id, trigger, channel) do update set enabled = excluded.enabled`,
      pairs.flatMap((p) => [companyId, userId, p.trigger, p.channel, p.enabled]),
      'run',
    );
  }
}

/** A pair this version does not know (written by a newer one) is left out: it cannot be honoured anyway. */
function toPreference(row: PreferenceRow): NotificationPreference[] {
  const trigger = NOTIFICATION_TRIGGERS.find((t) => t === row.trigger);
  const channel = NOTIFICATION_CHANNELS.find((c) => c === row.channel);
  return trigger && channel ? [{ trigger, channel, enabled: row.enabled }] : [];
}
