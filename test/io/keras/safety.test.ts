// Files that must be refused with a clear error: code (Lambda, custom objects), unsafe zip
// entries, impossible sizes, configs that disagree with the weights.

import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadKerasModel } from '../../../src/index.ts';
import { fixtureBytes } from './fixtures.ts';

/** A fixture .keras with its config.json edited. */
function editedKeras(file: string, edit: (config: Record<string, any>) => void): Uint8Array {
  const entries = unzipSync(fixtureBytes(file));
  const config = JSON.parse(strFromU8(entries['config.json']!));
  edit(config);
  return zipSync({ ...entries, 'config.json': strToU8(JSON.stringify(config)) }, { level: 0 });
}

const layerNamed = (config: Record<string, any>, name: string): Record<string, any> =>
  config.config.layers.find((l: any) => l.config.name === name);

describe('Keras files that are refused', () => {
  it('a Lambda layer: named in the error, its code never run', async () => {
    await expect(loadKerasModel(fixtureBytes('refused_lambda.keras'))).rejects.toThrow(
      /Lambda 'times_two' \(Lambda layers hold Python code, which is never run\)/,
    );
  });

  it('custom objects and unknown classes are all listed', async () => {
    const bytes = editedKeras('seq_gru.keras', (c) => {
      c.config.layers[2].module = 'my_project.layers';
      c.config.layers[2].class_name = 'FancyGRU';
      c.config.layers[4].class_name = 'Conv3D';
    });
    const error = await loadKerasModel(bytes).catch((e: Error) => e);
    expect(String(error)).toMatch(/FancyGRU 'gru' \(custom object from module 'my_project.layers'\)/);
    expect(String(error)).toMatch(/Conv3D 'repeat_vector' \(not a layer sunhwan has\)/);
  });

  it('a custom activation object is refused by name', async () => {
    const bytes = editedKeras('seq_conv.keras', (c) => {
      c.config.layers[2].config.activation = { module: 'mine', class_name: 'Swishy', config: {} };
    });
    await expect(loadKerasModel(bytes)).rejects.toThrow(/activation is a custom object .*Swishy.*no code is run/);
  });

  it("zip entries with '..' or absolute paths are refused before anything is inflated", async () => {
    const entries = unzipSync(fixtureBytes('seq_gru.keras'));
    for (const bad of ['../evil.py', '/etc/evil', 'assets/../../evil', 'C:/evil']) {
      const bytes = zipSync({ ...entries, [bad]: strToU8('print(1)') }, { level: 0 });
      await expect(loadKerasModel(bytes)).rejects.toThrow(/unsafe path/);
    }
  });

  it('an entry claiming an impossible size (zip bomb, damaged directory) is refused before allocation', async () => {
    const bytes = fixtureBytes('seq_gru.keras').slice();
    // central directory record of model.weights.h5: uncompressed size at +24
    const view = new DataView(bytes.buffer);
    let patched = 0;
    for (let i = 0; i + 46 < bytes.length; i++) {
      if (view.getUint32(i, true) !== 0x02014b50) continue;
      const nameLength = view.getUint16(i + 28, true);
      if (strFromU8(bytes.subarray(i + 46, i + 46 + nameLength)) === 'model.weights.h5') {
        view.setUint32(i + 24, 0xfffffff0, true);
        patched++;
      }
    }
    expect(patched).toBe(1);
    await expect(loadKerasModel(bytes)).rejects.toThrow(/entry 'model.weights.h5' claims 4294967280 bytes .*damaged/);
  });

  it('a config that disagrees with the weights names the layer and weight', async () => {
    const wider = editedKeras('seq_gru.keras', (c) => {
      c.config.layers.at(-1).config.units = 3;
    });
    await expect(loadKerasModel(wider)).rejects.toThrow(
      /layer 'dense_2' weight 'kernel' \(layers\/dense\/vars\/0\) has shape \[6, 1\] in the file, the model expects \[6, 3\]/,
    );
    const missing = editedKeras('encoder_decoder.keras', (c) => {
      layerNamed(c, 'attention').config.score_mode = 'concat';
    });
    await expect(loadKerasModel(missing)).rejects.toThrow(
      /layer 'attention' \(Attention\) has 1 weight arrays in the file, the model expects 2 \(scale, concat_score_weight\)/,
    );
  });

  it('damage that sends libhdf5 into an endless loop is stopped by the watchdog and reported', async () => {
    const bytes = fixtureBytes('seq_gru.h5').slice();
    bytes.fill(0, 2064, 2128); // the global heap holding model_config's string
    const start = performance.now();
    await expect(loadKerasModel(bytes, { readTimeoutMs: 1500 })).rejects.toThrow(/did not finish in 2 s; the file is damaged/);
    expect(performance.now() - start).toBeLessThan(5000);
    // the reader recovers: the next file loads
    await expect(loadKerasModel(fixtureBytes('seq_gru.h5'))).resolves.toBeDefined();
  });

  it('truncated files and non-Keras bytes give errors naming the problem', async () => {
    const h5 = fixtureBytes('seq_lstm.h5');
    await expect(loadKerasModel(h5.subarray(0, 2000))).rejects.toThrow(/HDF5|damaged|missing/);
    const keras = fixtureBytes('seq_lstm.keras');
    await expect(loadKerasModel(keras.subarray(0, keras.length >> 1))).rejects.toThrow(/not a readable .keras archive/);
    await expect(loadKerasModel(strToU8('hello'))).rejects.toThrow(/not a Keras file/);
  });
});
