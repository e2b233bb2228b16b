// The browser program: esbuild bundles it with no plugin or configuration; the page loads
// the one wasm variant this browser runs (setBackendAsync) and trains.
import * as sunhwan from 'sunhwan';
import { trainSine } from './train.js';

try {
  const kernels = await sunhwan.setBackendAsync();
  const { firstLoss, lastLoss } = await trainSine(sunhwan, 10);
  globalThis.result = { ok: true, kernels: kernels.name, firstLoss, lastLoss };
} catch (e) {
  globalThis.result = { ok: false, error: String((e && e.stack) || e) };
}
