// CSVLogger (keras.callbacks.CSVLogger): one row per epoch, "epoch,<sorted log keys>".
// The file is rewritten atomically after each epoch, so it is never half-written. The file access
// (Node) is imported on first use, so a browser page that never writes files does not download it.

import { Callback, type Logs } from './callback.ts';

export interface CSVLoggerArgs {
  filename: string;
  separator?: string;
  /** Keep the rows of an existing file (resuming). */
  append?: boolean;
}

export class CSVLogger extends Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private text = '';
  private keys: string[] | null = null;

  constructor(args: CSVLoggerArgs | string) {
    super();
    const a = typeof args === 'string' ? { filename: args } : args;
    this.filename = a.filename;
    this.separator = a.separator ?? ',';
    this.append = a.append ?? false;
  }

  async onTrainBegin(): Promise<void> {
    this.keys = null;
    this.text = '';
    if (this.append) {
      const { readTextIfExists } = await import('../io/files.ts');
      const existing = await readTextIfExists(this.filename, 'CSVLogger');
      if (existing) {
        this.text = existing.endsWith('\n') ? existing : `${existing}\n`;
        const header = existing.split('\n')[0]!.split(this.separator);
        this.keys = header.slice(1);
      }
    }
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    if (!this.keys) {
      this.keys = Object.keys(logs).sort();
      this.text += ['epoch', ...this.keys].join(this.separator) + '\n';
    }
    const row = [String(epoch), ...this.keys.map((k) => (k in logs ? String(logs[k]) : 'NA'))];
    this.text += row.join(this.separator) + '\n';
    const { writeFileAtomic } = await import('../io/files.ts');
    await writeFileAtomic(this.filename, this.text, 'CSVLogger');
  }
}
