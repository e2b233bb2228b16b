// The browser program: esbuild bundles it with no plugin or configuration; the page loads
// the one wasm variant this browser runs (setBackendAsync) and trains.
import { layers, Sequential, setBackendAsync, setSeed, tensor } from 'sunhwan';
import { trainSine } from './train.js';

try {
  const kernels = await setBackendAsync();
  const { firstLoss, lastLoss } = await trainSine({ layers, Sequential, setSeed, tensor }, 10);
  globalThis.result = { ok: true, kernels: kernels.name, firstLoss, lastLoss };
} catch (e) {
  globalThis.result = { ok: false, error: String((e && e.stack) || e) };
}
