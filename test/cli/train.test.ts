// `sunhwan train` on small files written here, then summary and predict on the model it wrote.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from 'sunhwan';
import { sunhwan, tempDir } from './helpers.ts';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir('train'));
});
afterAll(() => cleanup());

const positive = ['good', 'great', 'fine', 'lovely', 'nice'];
const negative = ['bad', 'awful', 'poor', 'boring', 'ugly'];

/** 80 short reviews: four words of one sentiment and a neutral noun, labelled yes/no. */
function writeReviews(path: string): void {
  const rows = ['text,label'];
  for (let i = 0; i < 80; i++) {
    const words = i % 2 ? positive : negative;
    rows.push(`"${[0, 1, 2, 3].map((k) => words[(i * 7 + k * 3) % 5]).join(' ')} film",${i % 2 ? 'yes' : 'no'}`);
  }
  writeFileSync(path, `${rows.join('\n')}\n`);
}

function writeConfig(name: string, config: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

const textConfig = {
  model: [
    { class_name: 'Embedding', config: { input_dim: 16, output_dim: 8 } },
    { class_name: 'LSTM', config: { units: 8 } },
    { type: 'Dense', units: 1, activation: 'sigmoid' },
  ],
  data: { file: 'reviews.csv', text: 'text', label: 'label', num_words: 16, maxlen: 6 },
  compile: { optimizer: { class_name: 'Adam', config: { learning_rate: 0.02 } }, loss: 'binary_crossentropy', metrics: ['accuracy'] },
  fit: { epochs: 8, batch_size: 16 },
  seed: 7,
};

describe('sunhwan train (text CSV) → summary → predict', () => {
  it('writes the model, its tokenizer and its history; the loss goes down', async () => {
    writeReviews(join(dir, 'reviews.csv'));
    const config = writeConfig('reviews.json', textConfig);
    const r = await sunhwan('train', config, '--verbose', '2');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('reviews.csv: 80 texts, 11 distinct words (keeping 11), padded to 6');
    expect(r.stdout).toContain('Epoch 8/8');
    for (const f of ['reviews.shw', 'reviews.tokenizer.json', 'reviews.history.json']) expect(existsSync(join(dir, f)), f).toBe(true);
    const record = JSON.parse(readFileSync(join(dir, 'reviews.history.json'), 'utf8'));
    expect(record.epochs).toBe(8);
    expect(record.classes).toEqual(['no', 'yes']);
    expect(record.history.loss.at(-1)).toBeLessThan(record.history.loss[0]);
    const tokenizer = JSON.parse(readFileSync(join(dir, 'reviews.tokenizer.json'), 'utf8'));
    expect(tokenizer).toMatchObject({
      format: 'sunhwan-tokenizer',
      version: 1,
      maxlen: 6,
      classes: ['no', 'yes'],
      tokenizer: { class_name: 'Tokenizer' },
    });
    const model = await loadModel(join(dir, 'reviews.shw'));
    expect(model.layers.map((l) => l.className)).toEqual(['Embedding', 'LSTM', 'Dense']);
  });

  it('summary prints the Keras table, the compile arguments and the tokenizer', async () => {
    const r = await sunhwan('summary', join(dir, 'reviews.shw'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/lstm \(LSTM\)\s+\(None, 8\)\s+544/);
    expect(r.stdout).toContain('Total params: 681');
    expect(r.stdout).toContain('compiled: optimizer Adam, loss binary_crossentropy, metrics ["accuracy"]');
    expect(r.stdout).toContain('tokenizer: Tokenizer, 11 words (num_words 16), maxlen 6');
  });

  it('predict reads text lines, a CSV column and a JSON array, and writes CSV or JSON with class names', async () => {
    writeFileSync(join(dir, 'new.txt'), 'great lovely nice film\n\nawful boring poor film\n');
    const csv = await sunhwan('predict', join(dir, 'reviews.shw'), join(dir, 'new.txt'));
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('input,prediction,class');
    expect(lines).toHaveLength(3);
    const [pos, neg] = lines.slice(1).map((l) => Number(l.split(',')[1]));
    expect(pos!).toBeGreaterThan(neg!); // 8 epochs on a separable toy set
    expect(lines[1]).toMatch(/^great lovely nice film,[0-9.e-]+,yes$/);

    writeFileSync(join(dir, 'new.json'), JSON.stringify(['great lovely nice film', 'awful boring poor film']));
    const out = join(dir, 'predictions.json');
    const json = await sunhwan('predict', join(dir, 'reviews.shw'), join(dir, 'new.json'), '--out', out);
    expect(json.code).toBe(0);
    const rows = JSON.parse(readFileSync(out, 'utf8'));
    expect(rows.map((r: { input: string }) => r.input)).toEqual(['great lovely nice film', 'awful boring poor film']);
    expect(rows[0].prediction).toBeCloseTo(pos!, 6);

    writeFileSync(join(dir, 'table.csv'), 'id,review\n1,"great, lovely film"\n');
    const column = await sunhwan('predict', join(dir, 'reviews.shw'), join(dir, 'table.csv'), '--column', 'review', '--format', 'json');
    expect(column.code).toBe(0);
    expect(JSON.parse(column.stdout)[0].input).toBe('great, lovely film');
  });

  it('predict on text without a tokenizer says how to give one', async () => {
    const r = await sunhwan('predict', join(dir, 'reviews.shw'), join(dir, 'new.txt'), '--tokenizer', join(dir, 'none.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`tokenizer file '${join(dir, 'none.json')}' does not exist`);
  });
});

describe('sunhwan train: a diverging run', () => {
  it('stops at the first non-finite loss (TerminateOnNaN is on by default) and says where', async () => {
    const rows = ['step,value'];
    for (let i = 0; i < 120; i++) rows.push(`${i},${(i * 1000).toFixed(1)}`);
    writeFileSync(join(dir, 'ramp.csv'), `${rows.join('\n')}\n`);
    const config = writeConfig('ramp.json', {
      model: [
        { type: 'SimpleRNN', units: 4, activation: 'linear' },
        { type: 'Dense', units: 1 },
      ],
      data: { file: 'ramp.csv', series: { columns: ['value'], window: 5 } },
      compile: { optimizer: { class_name: 'SGD', config: { learning_rate: 1e6 } }, loss: 'mse' },
      fit: { epochs: 50, batch_size: 8 },
    });
    const r = await sunhwan('train', config, '--out', join(dir, 'ramp.shw'), '--verbose', '2');
    expect(r.stdout + r.stderr).toMatch(/Batch \d+: Invalid loss, terminating training/);
    const record = JSON.parse(readFileSync(join(dir, 'ramp.history.json'), 'utf8'));
    expect(record.history.loss.length).toBeLessThan(50);
  });
});

describe('sunhwan train (series CSV, windows)', () => {
  it('trains on scaled windows of a column; predicts from windows or from the series itself', async () => {
    const rows = ['step,value'];
    for (let i = 0; i < 120; i++) rows.push(`${i},${Math.sin(i / 5).toFixed(4)}`);
    writeFileSync(join(dir, 'wave.csv'), `${rows.join('\n')}\n`);
    const config = writeConfig('wave.json', {
      model: [
        { type: 'SimpleRNN', units: 6 },
        { type: 'Dense', units: 1 },
      ],
      data: { file: 'wave.csv', series: { columns: ['value'], window: 5, scale: 'standard' } },
      compile: { optimizer: 'adam', loss: 'mse' },
      fit: { epochs: 3 },
    });
    const r = await sunhwan('train', config, '--out', join(dir, 'wave-model.shw'), '--verbose', '0');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("120 rows × 1 columns (value), windows of 5 → next 'value': 115 samples, standard scaled");
    expect(existsSync(join(dir, 'wave-model.tokenizer.json'))).toBe(false);
    const series = JSON.parse(readFileSync(join(dir, 'wave-model.series.json'), 'utf8'));
    expect(series).toMatchObject({
      format: 'sunhwan-series',
      columns: ['value'],
      target: 'value',
      window: 5,
      scaler: { class_name: 'StandardScaler' },
    });
    writeFileSync(join(dir, 'windows.csv'), 't1,t2,t3,t4,t5\n0,0.2,0.4,0.6,0.8\n0.8,0.6,0.4,0.2,0\n');
    const p = await sunhwan('predict', join(dir, 'wave-model.shw'), join(dir, 'windows.csv'));
    expect(p.code).toBe(0);
    expect(p.stdout.trim().split('\n')).toHaveLength(3);
    const rowsIn = await sunhwan('predict', join(dir, 'wave-model.shw'), join(dir, 'wave.csv'));
    expect(rowsIn.stdout.trim().split('\n')).toHaveLength(1 + 116); // every window of 5 of the 120 rows
    writeFileSync(join(dir, 'wrong.csv'), 't1,t2\n0,1\n');
    const wrong = await sunhwan('predict', join(dir, 'wave-model.shw'), join(dir, 'wrong.csv'));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('each row has 2 values, but the model takes 5 per sample (input shape (None, 5, 1))');
  });
});

describe('sunhwan train: config errors name the bad key', () => {
  const cases: Array<[string, (c: typeof textConfig) => unknown, string]> = [
    ['a misspelt top-level key', (c) => ({ ...c, fitt: {} }), "unknown key 'fitt' (known: model, data, compile, fit, seed, name)"],
    [
      'a misspelt layer option',
      (c) => ({ ...c, model: [c.model[0], { class_name: 'LSTM', config: { units: 8, retrun_sequences: true } }, c.model[2]] }),
      "model[1] (LSTM): unknown option 'retrunSequences'",
    ],
    ['an unknown layer class', (c) => ({ ...c, model: [{ type: 'Lstm', units: 8 }] }), "model[0]: unknown layer class 'Lstm'"],
    ['a bad data key', (c) => ({ ...c, data: { ...c.data, num_word: 10 } }), "data: unknown key 'numWord'"],
    [
      'file and dataset together',
      (c) => ({ ...c, data: { ...c.data, dataset: 'imdb' } }),
      'give exactly one of "file" (a CSV/TSV file) or "dataset"',
    ],
    ['a bad epoch count', (c) => ({ ...c, fit: { epochs: 0 } }), 'fit.epochs must be an integer ≥ 1, got 0'],
    [
      'a missing label column',
      (c) => ({ ...c, data: { ...c.data, label: 'sentiment' } }),
      'no label column "sentiment" (columns: text, label)',
    ],
  ];
  for (const [what, edit, message] of cases) {
    it(what, async () => {
      const config = writeConfig('bad.json', edit(textConfig));
      const r = await sunhwan('train', config);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(message);
    });
  }

  it('a JSON syntax error names the line', async () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{\n "model": [],\n "data": {},\n}\n');
    const r = await sunhwan('train', path);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path}:4: not valid JSON`);
    writeFileSync(path, '{\n "model": [\n ,\n]}\n');
    const echo = await sunhwan('train', path);
    expect(echo.stderr).toBe(`error: ${path}: not valid JSON (Unexpected token ',')\n`);
  });
});
