// `sunhwan/node`: the file-based parts of save/load for Node.js programs.
//   import { loadModel } from 'sunhwan/node';
// (They are also reachable from the main entry; this entry names the Node-only surface.)

export { loadModel, loadWeightsFile, saveModelFile, saveWeightsFile, type SaveOptions } from './save.ts';
export { readFileBytes, writeFileAtomic } from './files.ts';
export { collectReviews, findChromium, parseRating, RobotsDisallowedError, REVIEW_COLUMNS, type CollectReviewsOptions, type CollectProgress, type CollectResult } from '../collect/index.ts';
export { readCsvFile, readTextFile } from '../preprocessing/csv-node.ts';
