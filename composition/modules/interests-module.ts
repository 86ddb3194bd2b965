import { ContainerModule, type Container } from 'inversify';
import { GetInterests, ReplaceInterests } from '../../application/interests/interests';
import { AddToWatchlist, ListWatchlist, RemoveFromWatchlist } from '../../application/interests/watchlist';
import type { Clock } from '../../application/ports/clock';
import type { IdGenerator } from '../../application/ports/id-generator';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import { interestRoutes } from '../../adapters/http/routes/interest-routes';
import type { RouteSpec } from '../../adapters/http/route';
import { TOKENS } from '../tokens';

const { UnitOfWork: UOW, Ids: IDS, Clock: CLOCK } = TOKENS;

export const interestsModule = new ContainerModule(({ bind }) => {
  bind(GetInterests).toResolvedValue((uow: UnitOfWork, clock: Clock) => new GetInterests(uow, clock), [UOW, CLOCK]);
  bind(ReplaceInterests).toResolvedValue((uow: UnitOfWork, ids: IdGenerator, clock: Clock) => new ReplaceInterests(uow, ids, clock), [UOW, IDS, CLOCK]);
  bind(AddToWatchlist).toResolvedValue((uow: UnitOfWork, ids: IdGenerator, clock: Clock) => new AddToWatchlist(uow, ids, clock), [UOW, IDS, CLOCK]);
  bind(ListWatchlist).toResolvedValue((uow: UnitOfWork) => new ListWatchlist(uow), [UOW]);
  bind(RemoveFromWatchlist).toResolvedValue(
    (uow: UnitOfWork, ids: IdGenerator, clock: Clock) => new RemoveFromWatchlist(uow, ids, clock),
    [UOW, IDS, CLOCK],
  );
});

export function interestsHttp(container: Container): RouteSpec[] {
  return interestRoutes({
    getInterests: container.get(GetInterests),
    replaceInterests: container.get(ReplaceInterests),
    addToWatchlist: container.get(AddToWatchlist),
    listWatchlist: container.get(ListWatchlist),
    removeFromWatchlist: container.get(RemoveFromWatchlist),
  });
}
