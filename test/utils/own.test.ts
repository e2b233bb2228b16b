import { describe, expect, it } from 'vitest';
import { getInitializer } from '../../src/initializers.ts';
import { layers, modelFromBytes, modelToBytes, Sequential, tensor } from '../../src/index.ts';
import { getActivation } from '../../src/layers/activation.ts';
import { getLoss } from '../../src/losses.ts';
import { getOptimizer } from '../../src/optimizers/index.ts';
import { rewriteHeader } from '../io/rewrite.ts';

const prototypeNames = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

describe('name lookups see only their own tables', () => {
  it.each(prototypeNames)('%s is no loss, optimizer, initializer or activation', (name) => {
    expect(() => getLoss(name)).toThrow(/unknown loss/);
    expect(() => getOptimizer(name)).toThrow(/unknown optimizer/);
    expect(() => getInitializer(name)).toThrow(/unknown initializer/);
    expect(() => getActivation(name)).toThrow(/unknown activation/);
    expect(() => layers.lstm({ units: 2, recurrentActivation: name as 'tanh' })).toThrow(/unknown recurrentActivation/);
  });

  it('a saved Dense with activation "constructor" is refused, not loaded as linear', () => {
    const model = new Sequential([layers.dense({ units: 2, inputShape: [3], activation: 'relu' })]);
    const bytes = rewriteHeader(modelToBytes(model), (h) => {
      const layer = (h.model!.config.layers as Array<{ config: Record<string, unknown> }>)[0]!;
      layer.config.activation = 'constructor';
    });
    expect(() => modelFromBytes(bytes)).toThrow(/unknown activation 'constructor'/);
  });

  it('an optimizer slot named __proto__/… cannot pollute Object.prototype', async () => {
    const model = new Sequential([layers.dense({ units: 1, inputShape: [2] })]);
    model.compile({ optimizer: 'rmsprop', loss: 'mse' });
    await model.fit(tensor([[1, 2]]), tensor([[1]]), { verbose: 0 });
    const bytes = rewriteHeader(modelToBytes(model), (h) => {
      h.optimizer!.slots[0]!.name = '__proto__/velocity';
    });
    let error: unknown = null;
    try {
      modelFromBytes(bytes);
    } catch (e) {
      error = e;
    }
    expect(({} as Record<number, unknown>)[0]).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 0)).toBe(false);
    // the slot of a weight that does not exist is ignored; the model loads without the pollution
    expect(error).toBeNull();
  });

  it("a slot whose name is not one of the optimizer's is refused", async () => {
    const model = new Sequential([layers.dense({ units: 1, inputShape: [2] })]);
    model.compile({ optimizer: 'rmsprop', loss: 'mse' });
    await model.fit(tensor([[1, 2]]), tensor([[1]]), { verbose: 0 });
    const bytes = rewriteHeader(modelToBytes(model), (h) => {
      h.optimizer!.slots[0]!.name = 'dense/kernel/constructor';
    });
    expect(() => modelFromBytes(bytes)).toThrow(/optimizer slot 'dense\/kernel\/constructor' is not <weight path>/);
  });
});
