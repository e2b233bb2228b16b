// The same from a CommonJS TypeScript file (NodeNext resolves the require types, .d.cts).
import { layers, Sequential, type LayersModel } from 'sunhwan';
import { saveModelFile } from 'sunhwan/node';

const model: LayersModel = new Sequential([layers.dense({ units: 2, inputShape: [3] })]);
export const summary: string = model.summary({ print: false });
export const save: typeof saveModelFile = saveModelFile;
