// ONNX Runtime child (predict only): `tsx bench/peers/ort.ts <model.onnx> <threads> --weights <case file>`.
// Runs the model torch_child.py exported (sunhwan's initial weights in it) with
// onnxruntime-node, from the bench-local install in bench/peers/ort/ (run.ts installs it on
// demand with --ignore-scripts; the root package does not depend on it), and reports
// max |output − sunhwan's| on the case file's batch.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { serveChild, Unavailable, type Runner } from './child.ts';
import { maxAbsDiff, readCaseFile } from './dump.ts';

const [modelPath = '', threadsArg = '2', ...flags] = process.argv.slice(2);
const weightsPath = flags[flags.indexOf('--weights') + 1]!;

/** The part of onnxruntime-node's API used here (typed locally: the package is not installed for tsc in CI). */
interface Ort {
  Tensor: new (type: 'int32' | 'float32', data: Int32Array | Float32Array, dims: number[]) => unknown;
  InferenceSession: {
    create(
      path: string,
      options: { intraOpNumThreads: number; interOpNumThreads: number; graphOptimizationLevel: 'all'; executionMode: 'sequential' },
    ): Promise<{
      inputNames: readonly string[];
      outputNames: readonly string[];
      run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
    }>;
  };
}

void serveChild(async (): Promise<Runner> => {
  const require = createRequire(new URL('./ort/package.json', import.meta.url));
  let ort: Ort;
  try {
    ort = require('onnxruntime-node') as Ort;
  } catch (e) {
    throw new Unavailable(`onnxruntime-node is not installed in bench/peers/ort (${e instanceof Error ? e.message.split('\n')[0] : e})`);
  }
  if (!existsSync(modelPath)) throw new Unavailable(`no ONNX model (the PyTorch 2 export failed): ${modelPath}`);
  const threads = Number(threadsArg);
  const session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
  });
  const data = readCaseFile(weightsPath);
  const feeds = { [session.inputNames[0]!]: new ort.Tensor(data.x instanceof Int32Array ? 'int32' : 'float32', data.x, data.xShape) };
  const run = async (): Promise<Float32Array> => {
    const out = await session.run(feeds);
    return out[session.outputNames[0]!]!.data as Float32Array;
  };
  const check = maxAbsDiff(await run(), data.output);
  const version = (require('onnxruntime-node/package.json') as { version: string }).version;
  return {
    label: `onnxruntime-node ${version} ${threads} thread${threads === 1 ? '' : 's'}`,
    check,
    predict: run,
  };
});
