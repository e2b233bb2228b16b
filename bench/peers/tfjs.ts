// TensorFlow.js child: `tsx bench/peers/tfjs.ts <workload> <cpu|wasm> [--frozen-embedding]`.
// Builds the workload with tf.layers (Keras 3 activations: sigmoid recurrent gates, GRU
// reset_after is unsupported by tfjs so its GRU is the reset-before variant, same FLOPs).

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { serveChild, Unavailable, type Runner } from './child.ts';
import { BATCH, findWorkload, randomBatch, type LayerSpec } from './workloads.ts';

const [workloadId = 'W1', backend = 'cpu', ...flags] = process.argv.slice(2);
const frozenEmbedding = flags.includes('--frozen-embedding');

function tfLayer(spec: LayerSpec, first: { inputShape?: number[] }): tf.layers.Layer {
  const rnn = { recurrentActivation: 'sigmoid', ...first } as const;
  switch (spec.type) {
    case 'embedding':
      return tf.layers.embedding({ inputDim: spec.inputDim, outputDim: spec.outputDim, trainable: !frozenEmbedding, ...first });
    case 'lstm':
      return tf.layers.lstm({ units: spec.units, ...rnn });
    case 'gru':
      return tf.layers.gru({ units: spec.units, ...rnn });
    case 'simple_rnn':
      return tf.layers.simpleRNN({ units: spec.units, ...first });
    case 'bidirectional_lstm':
      return tf.layers.bidirectional({ layer: tf.layers.lstm({ units: spec.units, recurrentActivation: 'sigmoid' }) as tf.RNN, ...first });
    case 'dense':
      return tf.layers.dense({ units: spec.units, activation: spec.activation as 'linear', ...first });
    case 'conv1d':
      return tf.layers.conv1d({ filters: spec.filters, kernelSize: spec.kernelSize, activation: spec.activation as 'relu', ...first });
    case 'max_pooling1d':
      return tf.layers.maxPooling1d({ poolSize: spec.poolSize, ...first });
    case 'global_max_pooling1d':
      return tf.layers.globalMaxPooling1d({ ...first });
  }
}

const lossNames = {
  binary_crossentropy: 'binaryCrossentropy',
  mae: 'meanAbsoluteError',
  categorical_crossentropy: 'categoricalCrossentropy',
} as const;

/** The known holes in tfjs-backend-wasm's gradients, named by what the user sees. */
function explain(message: string): string {
  if (message.includes('UnsortedSegmentSum')) return 'no Embedding gradient';
  if (/Conv2DBackprop|conv2dDer/i.test(message)) return 'no Conv1D gradient';
  return message.slice(0, 120);
}

void serveChild(async (): Promise<Runner> => {
  if (!(await tf.setBackend(backend))) throw new Unavailable(`tfjs backend ${backend} did not start`);
  await tf.ready();
  const w = findWorkload(workloadId);
  const data = randomBatch(w);
  const model = tf.sequential();
  w.layers.forEach((spec, i) => model.add(tfLayer(spec, i === 0 ? { inputShape: data.xShape.slice(1) } : {})));
  model.compile({ optimizer: tf.train.rmsprop(0.001, 0.9, 0, 1e-7), loss: lossNames[w.loss] });
  const x = w.input.kind === 'tokens' ? tf.tensor(data.x, data.xShape, 'int32') : tf.tensor(data.x, data.xShape);
  const y = tf.tensor(data.y, data.yShape);
  const label = `tfjs ${tf.version.tfjs} ${backend}${frozenEmbedding ? ', frozen Embedding' : ''}`;
  return {
    label,
    async train() {
      try {
        await model.trainOnBatch(x, y);
      } catch (e) {
        throw new Error(explain(e instanceof Error ? e.message : String(e)));
      }
    },
    async predict() {
      const out = model.predict(x, { batchSize: BATCH }) as tf.Tensor;
      await out.data();
      out.dispose();
    },
  };
});
