// sunhwan child: `tsx bench/peers/sunhwan.ts <workload>` (threads: SUNHWAN_THREADS).
// Uses only the public API: Sequential, layers.*, compile, fit on one batch, predictOnBatch.

import { currentPool, getThreads } from '../../src/threads/index.ts';
import { serveChild, Unavailable, type Runner } from './child.ts';
import { BATCH, findWorkload, randomBatch, type LayerSpec } from './workloads.ts';

const [workloadId = 'W1'] = process.argv.slice(2);

type Api = typeof import('../../src/index.ts');

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
  const api: Api = await import('../../src/index.ts');
  const w = findWorkload(workloadId);
  const data = randomBatch(w);
  const model = new api.Sequential({
    layers: w.layers.map((spec, i) => makeLayer(api, spec, i === 0 ? { inputShape: data.xShape.slice(1) } : {})),
  } as ConstructorParameters<Api['Sequential']>[0]);
  model.compile({ optimizer: api.optimizers.rmsprop({ learningRate: 0.001, rho: 0.9, epsilon: 1e-7 }), loss: w.loss });
  const x = new api.Tensor(data.x, data.xShape);
  const y = new api.Tensor(data.y, data.yShape);
  const kernels = api.engine().name;
  const threads = getThreads();
  return {
    label: `sunhwan ${kernels}, up to ${threads} thread${threads === 1 ? '' : 's'}`,
    // a step whose loss is not finite is an error, not a time
    train: async () => {
      const loss = (await model.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0, shuffle: false })).history.loss?.[0];
      if (!Number.isFinite(loss)) throw new Error(`training loss is ${loss}`);
    },
    predict: () => model.predictOnBatch(x),
    notes() {
      const pool = currentPool();
      if (!pool) return 'no worker pool started (one thread)';
      const share = pool.jobs ? Math.round((100 * pool.claimed) / pool.jobs) : 0;
      return `worker pool of ${pool.size}: ${pool.runs} fork-joins in all, ${share}% of their chunks run by the caller (even split: ${Math.round(100 / pool.size)}%; more = workers slow to wake, a loaded machine)`;
    },
  };
});
