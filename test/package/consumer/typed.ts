// A strict TypeScript program (ESM): the published .d.ts files must compile with
// skipLibCheck false and need no @types package of ours.
import { layers, LayersModel, Sequential, setSeed, tensor, type FitArgs, type Tensor } from 'sunhwan';
import { CharTokenizer, generateText, padSequences } from 'sunhwan/preprocessing';
import { loadModel } from 'sunhwan/node';

setSeed(1);
const model: LayersModel = new Sequential([layers.lstm({ units: 4, inputShape: [3, 2] }), layers.dense({ units: 1 })]);
model.compile({ optimizer: 'adam', loss: 'mse' });
const options: FitArgs = { epochs: 2, batchSize: 2, verbose: 0 };
const x: Tensor = tensor(new Float32Array(24), [4, 3, 2]);
const history = await model.fit(x, tensor(new Float32Array(4), [4, 1]), options);
const padded = padSequences([[1, 2], [3]], { maxlen: 3 });
const tokenizer: CharTokenizer = CharTokenizer.fit('hello');
const loader: typeof loadModel = loadModel;
console.log(
  JSON.stringify({
    epochs: history.history.loss!.length,
    padded: padded.shape,
    vocabulary: tokenizer.vocabularySize,
    generate: typeof generateText,
    loader: typeof loader,
  }),
);
