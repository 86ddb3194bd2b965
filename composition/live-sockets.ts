import type { RealtimeSockets } from '../adapters/ws/realtime-sockets';

/** The sockets this process serves once it listens (none in the worker): read by /metrics and /admin/system. */
export class LiveSockets {
  current: RealtimeSockets | null = null;
}
