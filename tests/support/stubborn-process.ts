// A process whose shutdown never finishes, for the tests of exitOnSignals' deadline.
// SHUTDOWN_TIMEOUT_MS sets the deadline; LOGS=throwing makes every log call throw, as a
// broken destination could.
import { exitOnSignals } from '../../composition/entry-point';
import { createLogger } from '../../composition/logger';

const throwing = {
  write(): void {
    throw new Error('the log destination is broken');
  },
};
const logger = process.env.LOGS === 'throwing' ? createLogger('info', throwing) : createLogger('info');
// What an open connection does: keeps the process alive.
setInterval(() => undefined, 1000);
exitOnSignals(logger, { stopping: 'stopping', stopped: 'stopped' }, Number(process.env.SHUTDOWN_TIMEOUT_MS), () => new Promise<void>(() => undefined));
console.log('stubborn process ready');
