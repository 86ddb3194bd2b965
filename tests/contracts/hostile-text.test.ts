import { describeEachStore } from '../support/stores';
import { hostileTextContract } from './hostile-text.contract';

await describeEachStore('Hostile text in every repository', hostileTextContract);
