import { z } from 'zod';
import type { CreateVisionBoard } from '../../../application/vision-boards/create-vision-board';
import type { GetVisionBoard } from '../../../application/vision-boards/get-vision-board';
import { answer, route, type RouteSpec } from '../route';
import { UserIdParams } from '../schemas/interest-schemas';
import { VisionBoardBody, VisionBoardIdParams, VisionBoardOut, visionBoardOut, visionBoardPath } from '../schemas/vision-board-schemas';
import { visionBoardSvg } from '../vision-board-svg';

export interface VisionBoardUseCases {
  readonly createVisionBoard: CreateVisionBoard;
  readonly getVisionBoard: GetVisionBoard;
}

export function visionBoardRoutes(uc: VisionBoardUseCases): RouteSpec[] {
  const tag = 'Vision boards';
  return [
    route({
      method: 'post', path: '/users/:id/vision-boards', operationId: 'createVisionBoard', tag, auth: 'user',
      summary: 'Build and keep a board from the user\'s strongest interests, or of popular products when none fits (self or staff+); 409 when nothing in stock can be shown',
      params: UserIdParams, body: VisionBoardBody,
      errors: [403, 409],
      responses: { 201: { description: 'The board, as it will read from now on', schema: VisionBoardOut, headers: { Location: 'The board\'s URL' } } },
      handle: async ({ actor, params, body }) => {
        const result = await uc.createVisionBoard.execute({ actor, userId: params.id, ...body });
        if (!result.ok) return result.error;
        return { status: 201, body: visionBoardOut(result.value), headers: { Location: visionBoardPath(result.value.id) } };
      },
    }),
    // Declared before `/vision-boards/:id`, which would otherwise take `<id>.svg` for an id.
    route({
      method: 'get', path: '/vision-boards/:id.svg', operationId: 'getVisionBoardSvg', tag, auth: 'user', summary: 'The board as an SVG image (owner or staff+)',
      params: VisionBoardIdParams,
      responses: { 200: { description: 'SVG document', schema: z.string(), contentType: 'image/svg+xml' } },
      handle: async ({ actor, params }) => {
        const result = await uc.getVisionBoard.execute({ actor, id: params.id });
        if (!result.ok) return result.error;
        // A snapshot never changes, but it is private: the browser may keep it, shared caches may not.
        return { status: 200, contentType: 'image/svg+xml; charset=utf-8', body: visionBoardSvg(result.value), headers: { 'Cache-Control': 'private, max-age=3600' } };
      },
    }),
    route({
      method: 'get', path: '/vision-boards/:id', operationId: 'getVisionBoard', tag, auth: 'user', summary: 'A board (owner or staff+)',
      params: VisionBoardIdParams,
      responses: { 200: { description: 'The board', schema: VisionBoardOut } },
      handle: async ({ actor, params }) => answer(await uc.getVisionBoard.execute({ actor, id: params.id }), 200, visionBoardOut),
    }),
  ];
}
