import { describeEachStore } from '../support/stores';
import { visionBoardRepositoryContract } from './vision-board-repository.contract';

await describeEachStore('VisionBoardRepository', (store) => {
  visionBoardRepositoryContract(store);
});
