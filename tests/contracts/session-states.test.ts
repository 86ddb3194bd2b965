import { describeEachStore } from '../support/stores';
import { sessionStatesContract } from './session-states.contract';

await describeEachStore('SessionStates', sessionStatesContract);
