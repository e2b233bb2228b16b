// A user's program, written only with sunhwan: an hourly multivariate CSV with NA values and a
// categorical column → interpolate / forward-fill → one-hot → chronological split → scaling fitted
// on the past only → windows → GRU → MAE in the original unit, next to the naive baseline.
// Data: test/fixtures/tables/hourly_load.csv (ETTh1 rows with NA injected, see the README there).
import { beforeEach, describe, expect, it } from 'vitest';
import { layers, optimizers, Sequential, setLogSink, setSeed, timeseriesDatasetFromArray, type Tensor } from '../../src/index.ts';
import { naiveForecast, readTable, StandardScaler, trainTestSplit } from '../../src/preprocessing/index.ts';

const FILE = new URL('../fixtures/tables/hourly_load.csv', import.meta.url).pathname;

beforeEach(() => {
  setSeed(2);
  setLogSink({ dynamic: false, write: () => {} });
});

describe('user program: hourly CSV with NA and a category → forecast', () => {
  it('cleans, encodes, scales on the past, trains a GRU and compares with the naive forecast', async () => {
    const raw = readTable(FILE, { columns: { date: 'date', shift: 'category' } });
    expect(raw.rows).toBe(1200);
    expect(raw.naCounts().OT).toBeGreaterThan(0);
    expect(raw.category('shift').labels).toEqual(['day', 'evening', 'night']);

    const table = raw.interpolate().fillForward(['shift']).oneHot('shift').drop(['date']);
    expect(table.names).toEqual(['shift_day', 'shift_evening', 'shift_night', 'HUFL', 'HULL', 'MUFL', 'MULL', 'LUFL', 'LULL', 'OT']);
    const [past, future] = trainTestSplit(table, { testSize: 0.25, shuffle: false });

    const scaler = new StandardScaler().fit(past.toTensor());
    const target = table.names.indexOf('OT');
    const lookback = 24;
    const windows = (part: typeof table) => {
      const x = scaler.transform(part.toTensor());
      const y = scaler.transformColumn(part.numbers('OT').subarray(lookback), target);
      return timeseriesDatasetFromArray(x.slice(0, part.rows - lookback), y, { sequenceLength: lookback, batchSize: 32 });
    };
    const model = new Sequential([layers.gru({ units: 8, inputShape: [lookback, table.names.length] }), layers.dense({ units: 1 })]);
    model.compile({ optimizer: optimizers.adam({ learningRate: 0.01 }), loss: 'mse', metrics: ['mae'] });
    const history = await model.fit(windows(past), { epochs: 12, verbose: 0, validationData: windows(future) });
    expect(history.history.val_mae!.every(Number.isFinite)).toBe(true);

    // Back to the original unit (°C of oil temperature) for one column only.
    const predicted = scaler.inverseTransformColumn((await model.predict(windows(future))) as Tensor, target).dataSync();
    const actual = future.numbers('OT').subarray(lookback, lookback + predicted.length); // window i predicts hour i + lookback
    let mae = 0;
    for (let i = 0; i < actual.length; i++) mae += Math.abs(predicted[i]! - actual[i]!);
    mae /= actual.length;
    const naive = naiveForecast(future.numbers('OT'), { horizon: 1 }).mae;
    // Trained briefly on 900 hours, the GRU does not beat "next hour = this hour" (the books'
    // lesson), but it must beat predicting the training mean.
    const pastMean = past.numbers('OT').reduce((a, b) => a + b, 0) / past.rows;
    const meanMae = actual.reduce((a, b) => a + Math.abs(b - pastMean), 0) / actual.length;
    expect(naive).toBeGreaterThan(0);
    expect(mae).toBeLessThan(meanMae);
    expect(mae).toBeCloseTo(history.history.val_mae!.at(-1)! * scaler.scale![target]!, 1);
  });
});
