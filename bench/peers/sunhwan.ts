// sunhwan child: `tsx bench/peers/sunhwan.ts <workload> <batch> (--dump <case file> | --weights <case file>)
//                 [--src <checkout>/src | --lib <package>/dist/index.js]` (threads: SUNHWAN_THREADS).
// run.ts runs it bundled to JavaScript with --lib (the built package, plain Node).
// --dump: builds the model with its own initial weights, predicts the batch and writes the
// case file (dump.ts) the peers load. --weights: loads a case file's weights and batch and
// reports its predict output's distance to the one in the file (the `--sunhwan-before`
// contestant, from another checkout given by --src). Uses only the public API: Sequential,
// layers.*, compile, getWeights / setWeights, trainOnBatch, predictOnBatch.

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveChild, Unavailable, type Runner } from './child.ts';
import { maxAbsDiff, readCaseFile, writeCaseFile } from './dump.ts';
import { findWorkload, randomBatch, type LayerSpec } from './workloads.ts';

const [workloadId = 'W1', batchArg = '128', ...flags] = process.argv.slice(2);
const batch = Number(batchArg);
const flag = (name: string): string | undefined => {
  const i = flags.indexOf(name);
  return i < 0 ? undefined : flags[i + 1];
};
const dumpPath = flag('--dump');
const weightsPath = flag('--weights');
const srcDir = resolve(flag('--src') ?? new URL('../../src', import.meta.url).pathname);
const libPath = flag('--lib');

type Api = typeof import('../../src/index.ts');
type Threads = typeof import('../../src/threads/index.ts');

/** The layer, or the name of the missing factory (a workload whose layers are not in yet). */
function makeLayer(api: Api, spec: LayerSpec, first: { inputShape?: number[] }): unknown {
  const L = api.layers as unknown as Record<string, ((args: Record<string, unknown>) => unknown) | undefined>;
  const need = (name: string): ((args: Record<string, unknown>) => unknown) => {
    const factory = L[name];
    if (typeof factory !== 'function') throw new Unavailable(`not available yet (layers.${name})`);
    return factory;
  };
  switch (spec.type) {
    case 'embedding':
      return need('embedding')({ inputDim: spec.inputDim, outputDim: spec.outputDim, ...first });
    case 'lstm':
      return need('lstm')({ units: spec.units, ...first });
    case 'gru':
      return need('gru')({ units: spec.units, ...first });
    case 'simple_rnn':
      return need('simpleRNN')({ units: spec.units, ...first });
    case 'bidirectional_lstm':
      return need('bidirectional')({ layer: need('lstm')({ units: spec.units }), ...first });
    case 'dense':
      return need('dense')({ units: spec.units, activation: spec.activation, ...first });
    case 'conv1d':
      return need('conv1d')({ filters: spec.filters, kernelSize: spec.kernelSize, activation: spec.activation, ...first });
    case 'max_pooling1d':
      return need('maxPooling1d')({ poolSize: spec.poolSize, ...first });
    case 'global_max_pooling1d':
      return need('globalMaxPooling1d')({ ...first });
  }
}

void serveChild(async (): Promise<Runner> => {
  // the library of this checkout or of --src (another checkout: the before contestant)
  // the built package exports getThreads but not the pool (its notes then say less)
  const api = (await import(pathToFileURL(libPath ?? `${srcDir}/index.ts`).href)) as Api;
  const threadsApi = (libPath ? api : await import(pathToFileURL(`${srcDir}/threads/index.ts`).href)) as Partial<Threads>;
  const w = findWorkload(workloadId);
  const loaded = weightsPath ? readCaseFile(weightsPath) : null;
  const data = loaded ? { x: loaded.x, xShape: loaded.xShape, y: loaded.y, yShape: loaded.yShape } : randomBatch(w, batch);
  if (data.xShape[0] !== batch) throw new Error(`case file batch ${data.xShape[0]} is not ${batch}`);
  const model = new api.Sequential({
    layers: w.layers.map((spec, i) => makeLayer(api, spec, i === 0 ? { inputShape: data.xShape.slice(1) } : {})),
  } as ConstructorParameters<Api['Sequential']>[0]);
  model.compile({ optimizer: api.optimizers.rmsprop({ learningRate: 0.001, rho: 0.9, epsilon: 1e-7 }), loss: w.loss });
  const x = new api.Tensor(data.x, data.xShape);
  const y = new api.Tensor(data.y, data.yShape);
  let check: number | undefined;
  if (loaded) {
    model.setWeights(loaded.weights.map((t) => new api.Tensor(t.values, t.shape)));
    check = maxAbsDiff((model.predictOnBatch(x) as InstanceType<Api['Tensor']>).dataSync(), loaded.output);
  } else if (dumpPath) {
    const output = model.predictOnBatch(x) as InstanceType<Api['Tensor']>;
    writeCaseFile(dumpPath, {
      ...data,
      output: output.dataSync() as Float32Array,
      outputShape: [...output.shape],
      weights: model.getWeights().map((t) => ({ values: t.dataSync() as Float32Array, shape: [...t.shape] })),
    });
  }
  const kernels = api.engine().name;
  const threads = threadsApi.getThreads?.() ?? 1;
  return {
    label: `sunhwan${loaded ? ` (${resolve(srcDir, '..')})` : ''} ${kernels}, up to ${threads} thread${threads === 1 ? '' : 's'}`,
    check,
    // a step whose loss is not finite is an error, not a time. trainOnBatch, as Keras' child
    // times train_on_batch (a checkout from before it existed: a one-batch fit)
    train: async () => {
      const step = (model as { trainOnBatch?: (x: unknown, y: unknown) => Promise<number | number[]> }).trainOnBatch;
      const loss = step
        ? [await step.call(model, x, y)].flat()[0]
        : (await model.fit(x, y, { batchSize: batch, epochs: 1, verbose: 0, shuffle: false })).history.loss?.[0];
      if (!Number.isFinite(loss)) throw new Error(`training loss is ${loss}`);
    },
    predict: () => model.predictOnBatch(x),
    notes() {
      if (!threadsApi.currentPool) return `up to ${threads} thread(s); the built package does not expose its pool's counters`;
      const pool = threadsApi.currentPool();
      if (!pool) return 'no worker pool started (one thread)';
      const share = pool.jobs ? Math.round((100 * pool.claimed) / pool.jobs) : 0;
      return `worker pool of ${pool.size}: ${pool.runs} fork-joins in all, ${share}% of their chunks run by the caller (even split: ${Math.round(100 / pool.size)}%; more = workers slow to wake, a loaded machine)`;
    },
  };
});
