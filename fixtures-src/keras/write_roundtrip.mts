// Writes every Keras fixture back through sunhwan (load → modelToKerasBytes, .keras and .h5)
// into a folder, for check_roundtrip.py to open with Keras 3.
//   npx tsx fixtures-src/keras/write_roundtrip.mts /tmp/sunhwan-keras

import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKerasModel, modelToKerasBytes } from '../../src/io/keras/index.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'keras');
const out = process.argv[2] ?? '/tmp/sunhwan-keras';
mkdirSync(out, { recursive: true });
const names = readdirSync(fixtures)
  .filter((f) => f.endsWith('.json') && !f.includes('.optimizer.'))
  .map((f) => f.slice(0, -5));
for (const name of names) {
  const source = join(fixtures, `${name}.${name === 'legacy_tfkeras2' ? 'h5' : 'keras'}`);
  const model = await loadKerasModel(source, { optimizerState: name === 'compiled_trained' });
  for (const format of ['keras', 'h5'] as const) {
    writeFileSync(join(out, `${name}.${format}`), await modelToKerasBytes(model, { format }));
  }
  console.log(`${name}: written`);
}
