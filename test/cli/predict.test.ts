// `sunhwan predict` on a series model: windows of consecutive CSV rows, scaled with the saved
// scaler, predictions back in the original units. The model here outputs the last step of its
// window exactly (Flatten + Dense with a one-hot kernel), so every figure is known.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sequential, Tensor, layers } from 'sunhwan';
import { MinMaxScaler } from 'sunhwan/preprocessing';
import { saveSeriesPipeline, seriesPathFor } from '../../src/cli/series-pipeline.ts';
import { sunhwan, tempDir } from './helpers.ts';

const { dir, cleanup } = tempDir('predict');
afterAll(() => cleanup());
const modelPath = join(dir, 'last-step.shw');
const window = 3;

beforeAll(async () => {
  const model = new Sequential([layers.flatten({ inputShape: [window, 2] }), layers.dense({ units: 1 })]);
  // features (level, other): the output is the level of the last step
  model.layers[1]!.setWeights([new Tensor(Float32Array.from([0, 0, 0, 0, 1, 0]), [6, 1]), new Tensor(new Float32Array(1), [1])]);
  await model.save(modelPath);
  const scaler = new MinMaxScaler().fit(new Tensor(Float32Array.from([100, -1, 300, 1]), [2, 2]));
  await saveSeriesPipeline(seriesPathFor(modelPath), { columns: ['level', 'other'], target: 'level', window, scaler });
});

describe('sunhwan predict (series)', () => {
  it('every window of consecutive rows, scaled in and out: the last level of each window', async () => {
    writeFileSync(join(dir, 'series.csv'), 'date,other,level\nd1,0,110\nd2,1,150\nd3,0,170\nd4,-1,230\nd5,0,290\n');
    const r = await sunhwan('predict', modelPath, join(dir, 'series.csv'), '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const predictions = (JSON.parse(r.stdout) as Array<{ prediction: number }>).map((p) => p.prediction);
    expect(predictions).toHaveLength(3);
    [170, 230, 290].forEach((v, i) => expect(predictions[i]).toBeCloseTo(v, 3));
  });

  it('too few rows for one window, and a missing column', async () => {
    writeFileSync(join(dir, 'short.csv'), 'level,other\n1,2\n3,4\n');
    const short = await sunhwan('predict', modelPath, join(dir, 'short.csv'));
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('2 rows, but the model reads windows of 3');
    writeFileSync(join(dir, 'windows.csv'), 'a,b,c,d,e,f\n100,0,200,0,300,0\n');
    const flat = await sunhwan('predict', modelPath, join(dir, 'windows.csv'));
    expect(flat.code).toBe(0); // no series columns: each row is one flattened window
    expect(Number(flat.stdout.trim().split('\n')[1])).toBeCloseTo(300, 3);
  });
});
