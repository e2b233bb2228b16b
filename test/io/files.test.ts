import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layers, loadModel, Sequential } from '../../src/index.ts';
import { filePath } from '../../src/io/files.ts';

const dir = mkdtempSync(join(tmpdir(), 'sunhwan-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('paths given as URLs', () => {
  it("save('file://…') writes the file, not a folder named 'file:'", async () => {
    const model = new Sequential([layers.dense({ units: 1, inputShape: [2] })]);
    const target = join(dir, 'm.shw');
    await model.save(`file://${target}`);
    expect(existsSync(target)).toBe(true);
    expect(existsSync('file:')).toBe(false);
    expect((await loadModel(`file://${target}`)).countParams()).toBe(3);
  });

  it('other schemes are refused with a clear error', async () => {
    const model = new Sequential([layers.dense({ units: 1, inputShape: [2] })]);
    await expect(model.save('indexeddb://my-model')).rejects.toThrow(
      /'indexeddb:\/\/my-model' is a URL \(indexeddb:\/\/\), not a file path/,
    );
    await expect(loadModel('http://example.com/m.shw')).rejects.toThrow(/is a URL \(http:\/\/\)/);
    expect(filePath('C:/models/m.shw', 'save')).toBe('C:/models/m.shw');
  });
});
