// Plain Node ESM: the main entry, a subpath entry and sunhwan/node, with no loader or flag.
import { CharTokenizer, generateText } from 'sunhwan/preprocessing';
import { loadModel, saveModelFile } from 'sunhwan/node';
import * as sunhwan from 'sunhwan';
import { trainSine } from './train.js';

const { engine, LayersModel } = sunhwan;
const { model, firstLoss, lastLoss } = await trainSine(sunhwan);
const file = new URL('./esm-model.keras', import.meta.url).pathname;
await saveModelFile(model, file);
const loaded = await loadModel(file);
const tokenizer = CharTokenizer.fit('hello');
console.log(
  JSON.stringify({
    kernels: engine().name,
    firstLoss,
    lastLoss,
    sameClass: loaded instanceof LayersModel,
    generate: typeof generateText,
    vocabulary: tokenizer.vocabularySize,
  }),
);
