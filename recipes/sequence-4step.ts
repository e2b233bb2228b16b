// Seed 002 (시작하세요! 텐서플로 2.0 프로그래밍, 7장 "SimpleRNN 레이어"): predict the next number of a
// 4-step sequence.
//
//   X = [[[i/10], [(i+1)/10], [(i+2)/10], [(i+3)/10]] for i in range(6)]   # (6, 4, 1)
//   Y = [(i+4)/10 for i in range(6)]                                      # 0.4 … 0.9
//   model = tf.keras.Sequential([
//       tf.keras.layers.SimpleRNN(units=10, return_sequences=False, input_shape=[4, 1]),
//       tf.keras.layers.Dense(1)])
//   model.compile(optimizer='adam', loss='mse')
//   model.fit(X, Y, epochs=100, verbose=0)
//   print(model.predict(X))
//   print(model.predict(np.array([[[0.6], [0.7], [0.8], [0.9]]])))      # should be 1.0
//   print(model.predict(np.array([[[-0.1], [0.0], [0.1], [0.2]]])))     # should be 0.3
//
// Book: summary 131 parameters (simple_rnn 120, dense 11); predictions on the training set
// [0.405, 0.527, 0.628, 0.710, 0.774, 0.822]; unseen sequences: 0.856 (true 1.0), 0.268 (true 0.3).
//
// Run: npx tsx recipes/sequence-4step.ts [--quick] [--epochs N]
import { Sequential, Tensor, layers, setSeed, tensor } from 'sunhwan';
import { banner, errors, fmt, last, main, report, type RecipeMeta, type RecipeOptions, type RecipeResult } from './common.ts';

export const meta: RecipeMeta = {
  name: 'sequence-4step',
  source: 'seed 002 (7장)',
  description: 'SimpleRNN predicts the next number of 4-step sequences',
};

export async function run(options: RecipeOptions = {}): Promise<RecipeResult> {
  const epochs = options.epochs ?? (options.quick ? 20 : 100);
  banner(
    'sequence-4step: SimpleRNN(10) + Dense(1) on 4-step sequences',
    ['seed 002 (7장), book: train preds 0.405..0.822 for 0.4..0.9; [0.6..0.9] -> 0.856 (1.0); [-0.1..0.2] -> 0.268 (0.3)'],
    options,
  );
  setSeed(options.seed ?? 1234);

  const xs: number[][][] = [];
  const ys: number[] = [];
  for (let i = 0; i < 6; i++) {
    xs.push([i, i + 1, i + 2, i + 3].map((c) => [c / 10]));
    ys.push((i + 4) / 10);
  }
  const X = tensor(xs);
  const Y = tensor(ys);

  const model = new Sequential();
  model.add(layers.simpleRNN({ units: 10, returnSequences: false, inputShape: [4, 1] }));
  model.add(layers.dense({ units: 1 }));
  model.compile({ optimizer: 'adam', loss: 'mse' });
  model.summary();

  // the book trains silently (verbose=0); show one line per epoch only when asked
  const history = await model.fit(X, Y, { epochs, verbose: options.verbose ?? 0 });

  const train = (await model.predict(X)) as Tensor;
  console.log('predict(X):', Array.from(train.dataSync(), (v) => v.toFixed(4)).join(' '), '  (true 0.4 … 0.9)');
  const up = ((await model.predict(tensor([[[0.6], [0.7], [0.8], [0.9]]]))) as Tensor).dataSync()[0]!;
  const low = ((await model.predict(tensor([[[-0.1], [0.0], [0.1], [0.2]]]))) as Tensor).dataSync()[0]!;
  console.log(`[0.6, 0.7, 0.8, 0.9] -> ${up.toFixed(4)} (true 1.0; book 0.8565)`);
  console.log(`[-0.1, 0.0, 0.1, 0.2] -> ${low.toFixed(4)} (true 0.3; book 0.2675)`);

  const metrics = {
    loss: last(history.history, 'loss'),
    first_loss: history.history.loss?.[0] ?? Number.NaN,
    train_mse: errors(train, Y).mse,
    pred_1_0: up,
    pred_0_3: low,
  };
  console.log(`final loss ${fmt(metrics.loss)}`);
  report(metrics);
  return { metrics, history: history.history, model };
}

main(meta, import.meta.url, run);
