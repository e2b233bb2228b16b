// Plain Node ESM: the main entry, a subpath entry and sunhwan/node, with no loader or flag.
import { CharTokenizer, generateText } from 'sunhwan/preprocessing';
import { loadModel, saveModelFile } from 'sunhwan/node';
import * as sunhwan from 'sunhwan';
import { trainSine } from './train.js';

const { engine, LayersModel } = sunhwan;
// a worker that cannot load its kernels (the native addon from dist/generated) makes the pool warn and run on one thread
const warnings = [];
console.warn = (...args) => warnings.push(args.join(' '));
const { model, firstLoss, lastLoss } = await trainSine(sunhwan);
const file = new URL('./esm-model.keras', import.meta.url).pathname;
await saveModelFile(model, file);
const loaded = await loadModel(file);
const tokenizer = CharTokenizer.fit('hello');
console.log(
  JSON.stringify({
    kernels: engine().name,
    warnings,
    firstLoss,
    lastLoss,
    sameClass: loaded instanceof LayersModel,
    generate: typeof generateText,
    vocabulary: tokenizer.vocabularySize,
  }),
);
