import { describe, expect, it } from 'vitest';
import { plotHistory } from '../../src/index.ts';

describe('plotHistory', () => {
  it('draws loss and val_loss as an ASCII chart with a legend', () => {
    const text = plotHistory(
      { history: { loss: [0.9, 0.5, 0.3, 0.2], val_loss: [1, 0.7, 0.6, 0.65], acc: [0.5, 0.6, 0.7, 0.8] } },
      { height: 5, title: 'Training and validation loss' },
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('Training and validation loss');
    expect(lines).toHaveLength(1 + 6 + 1);
    expect(lines[1]).toMatch(/^ +1\.0000 ┼/);
    expect(lines.at(-1)).toMatch(/epochs 1–4 +loss, val_loss$/);
  });

  it('resamples long series, plots log scale, and names missing keys', () => {
    const loss = Array.from({ length: 200 }, (_, i) => 0.5 * 0.95 ** i);
    const text = plotHistory({ loss }, { logScale: true, width: 50, height: 4 });
    expect(text.split('\n')[0]!.length).toBeLessThan(12 + 2 + 50 + 2);
    expect(text).toMatch(/e-0\d/);
    expect(() => plotHistory({ loss }, { keys: ['val_acc'] })).toThrow(/no series 'val_acc' \(have: loss\)/);
  });
});
