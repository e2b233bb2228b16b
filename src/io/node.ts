// `sunhwan/node`: the file-based parts of save/load for Node.js programs.
//   import { loadModel } from 'sunhwan/node';
// (They are also reachable from the main entry; this entry names the Node-only surface.)

// loadModel rebuilds Sequential and functional models: their classes register themselves on import
import '../models/sequential.ts';
import '../models/functional.ts';
import { useNodePlatform } from '../platform/node.ts';

// a program that imports only this entry predicts with the native kernels too
useNodePlatform();

export { loadModel, loadWeightsFile, saveModelFile, saveWeightsFile, type SaveOptions } from './save.ts';
export { readFileBytes, writeFileAtomic } from './files.ts';
export {
  collectReviews,
  findChromium,
  parseRating,
  RobotsDisallowedError,
  REVIEW_COLUMNS,
  type CollectReviewsOptions,
  type CollectProgress,
  type CollectResult,
} from '../collect/index.ts';
export { readCsvFile, readTextFile } from '../preprocessing/csv-node.ts';
export { loadKerasModel, saveKerasModel } from './keras/index.ts';
