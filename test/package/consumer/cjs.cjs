// CommonJS: require() of the main entry and sunhwan/node share one engine and one
// LayersModel class (the CommonJS build's entries share chunks).
const sunhwan = require('sunhwan');
const { loadModel, saveModelFile } = require('sunhwan/node');
const path = require('node:path');

(async () => {
  const { trainSine } = await import('./train.js');
  const { model, firstLoss, lastLoss } = await trainSine(sunhwan);
  const file = path.join(__dirname, 'cjs-model.keras');
  await saveModelFile(model, file);
  const loaded = await loadModel(file);
  console.log(
    JSON.stringify({
      kernels: sunhwan.engine().name,
      firstLoss,
      lastLoss,
      sameClass: loaded instanceof sunhwan.LayersModel,
      sameHeap: loaded.getWeights()[0] !== undefined && sunhwan.engine().heap === sunhwan.engine().heap,
    }),
  );
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
