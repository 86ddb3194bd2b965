import { beforeEach, describe, expect, it } from 'vitest';
import { InferInterestsFromPurchase, type InferInterestsInput } from '../../../application/interests/infer-interests-from-purchase';
import { GetInterests, ReplaceInterests } from '../../../application/interests/interests';
import { UndeliverableEvent } from '../../../application/ports/message-bus';
import { interestInferenceConsumer } from '../../../adapters/consumers/interest-inference-consumer';
import type { Actor } from '../../../domain/identity/actor';
import { domainEvent } from '../../../domain/shared/domain-event';
import { ok } from '../../../domain/shared/result';
import { commerce, type Commerce } from '../orders/commerce-fixture';

describe('InferInterestsFromPurchase', () => {
  let w: Commerce;
  let infer: InferInterestsFromPurchase;
  let alice: Actor;
  let lamp: string;
  let rug: string;

  const paid = (extra: Partial<InferInterestsInput> = {}): InferInterestsInput => ({
    eventId: w.ids.next(), companyId: 'acme', userId: alice.userId, to: 'paid',
    items: [{ productId: lamp, quantity: 1 }, { productId: rug, quantity: 2 }], occurredAt: w.clock.now(), ...extra,
  });
  const interestsOf = async (actor: Actor) => {
    const result = await new GetInterests(w.uow, w.clock).execute({ actor, userId: actor.userId, page: { limit: 100 } });
    return result.ok ? result.value.items.map(({ dimension, value, source }) => `${source}:${dimension}=${value}`) : result.error;
  };

  beforeEach(async () => {
    w = commerce();
    infer = new InferInterestsFromPurchase(w.uow, w.ids, w.clock);
    alice = await w.member('acme');
    const categoryId = w.ids.next();
    await w.uow.run(async (tx) => {
      await tx.categories.save({ id: categoryId, companyId: 'acme', name: 'Lighting', parentId: null, createdAt: w.clock.now() });
      return ok(undefined);
    });
    lamp = (await w.product('acme', { categoryId, brand: 'Lumo', tags: ['brass', 'Desk'] })).id;
    rug = (await w.product('acme', { brand: 'Weft', tags: ['wool'] })).id;
  });

  it('gives the buyer inferred category, brand and tag interests beside the explicit ones, and emits InterestsUpdated', async () => {
    await new ReplaceInterests(w.uow, w.ids, w.clock).execute({ actor: alice, userId: alice.userId, interests: [{ dimension: 'color', value: 'red', weight: 1 }] });
    const result = await infer.execute(paid());
    expect(result.ok && result.value.applied).toBe(true);
    expect(await interestsOf(alice)).toEqual([
      'explicit:color=red', 'inferred:brand=Weft', 'inferred:category=Lighting', 'inferred:brand=Lumo',
      'inferred:tag=wool', 'inferred:tag=Desk', 'inferred:tag=brass',
    ]);
    const events = await w.events('InterestsUpdated');
    expect(events).toHaveLength(2);
    expect(events[1]?.payload).toMatchObject({ userId: alice.userId, interests: expect.arrayContaining([expect.objectContaining({ dimension: 'category', value: 'Lighting', source: 'inferred' })]) });
  });

  it('applies a redelivered event once: same interests, one InterestsUpdated', async () => {
    const input = paid();
    await infer.execute(input);
    const after = await w.uow.read((r) => r.interests.forUser('acme', alice.userId));
    expect(await infer.execute(input)).toEqual(ok({ applied: false, reason: 'already_applied' }));
    expect(await w.uow.read((r) => r.interests.forUser('acme', alice.userId))).toEqual(after);
    expect(await w.events('InterestsUpdated')).toHaveLength(1);
  });

  it('learns nothing from other transitions or unknown buyers', async () => {
    expect(await infer.execute(paid({ to: 'shipped' }))).toEqual(ok({ applied: false, reason: 'not_paid' }));
    expect(await infer.execute(paid({ userId: 'ghost' }))).toEqual(ok({ applied: false, reason: 'unknown_user' }));
    expect(await infer.execute(paid({ companyId: 'other-co' }))).toEqual(ok({ applied: false, reason: 'unknown_user' }));
    const plain = (await w.product('acme')).id;
    expect(await infer.execute(paid({ items: [{ productId: plain, quantity: 1 }] }))).toEqual(ok({ applied: false, reason: 'no_traits' }));
    expect(await interestsOf(alice)).toEqual([]);
    expect(await w.events('InterestsUpdated')).toHaveLength(0);
  });

  it('shows inferred weights fading as time passes', async () => {
    await infer.execute(paid());
    const weight = async () => {
      const r = await new GetInterests(w.uow, w.clock).execute({ actor: alice, userId: alice.userId, page: { limit: 100 } });
      return r.ok ? r.value.items.find((i) => i.value === 'Lighting')?.weight ?? 0 : 0;
    };
    const fresh = await weight();
    w.clock.advance(30 * 86_400_000);
    // Its evidence, -ln(1 - w), halves in one half-life.
    expect(await weight()).toBeCloseTo(1 - (1 - fresh) ** 0.5, 10);
  });

  describe('its consumer', () => {
    const statusChanged = (payload: unknown) =>
      domainEvent('OrderStatusChanged', 'acme', payload, { id: w.ids.next(), occurredAt: w.clock.now() });

    it('decodes OrderStatusChanged and applies it', async () => {
      const consumer = interestInferenceConsumer(infer);
      await consumer.handle({ attempt: 1, event: statusChanged({ orderId: 'o1', userId: alice.userId, from: 'placed', to: 'paid', items: [{ productId: lamp, quantity: 1, unitPrice: { amountCents: 1, currency: 'EUR' } }] }) });
      expect(await interestsOf(alice)).toContain('inferred:category=Lighting');
    });

    it('refuses a malformed payload as undeliverable, changing nothing', async () => {
      const consumer = interestInferenceConsumer(infer);
      await expect(consumer.handle({ attempt: 1, event: statusChanged({ userId: alice.userId, to: 'teleported', items: 'x' }) }))
        .rejects.toBeInstanceOf(UndeliverableEvent);
      expect(await interestsOf(alice)).toEqual([]);
    });
  });
});
