import { ContainerModule, type Container } from 'inversify';
import type { Clock } from '../../application/ports/clock';
import type { IdGenerator } from '../../application/ports/id-generator';
import type { UnitOfWork } from '../../application/ports/unit-of-work';
import { CreateVisionBoard } from '../../application/vision-boards/create-vision-board';
import { GetVisionBoard } from '../../application/vision-boards/get-vision-board';
import { visionBoardRoutes } from '../../adapters/http/routes/vision-board-routes';
import type { RouteSpec } from '../../adapters/http/route';
import { TOKENS } from '../tokens';

const { UnitOfWork: UOW, Ids: IDS, Clock: CLOCK } = TOKENS;

export const visionBoardsModule = new ContainerModule(({ bind }) => {
  bind(CreateVisionBoard).toResolvedValue((uow: UnitOfWork, ids: IdGenerator, clock: Clock) => new CreateVisionBoard(uow, ids, clock), [UOW, IDS, CLOCK]);
  bind(GetVisionBoard).toResolvedValue((uow: UnitOfWork) => new GetVisionBoard(uow), [UOW]);
});

export function visionBoardsHttp(container: Container): RouteSpec[] {
  return visionBoardRoutes({
    createVisionBoard: container.get(CreateVisionBoard),
    getVisionBoard: container.get(GetVisionBoard),
  });
}
