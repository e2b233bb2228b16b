// SMS Spam Collection (Kaggle spam.csv): 5,572 messages, 4,825 ham (0) and 747 spam (1).
// Reads the original CSV, locally (sms_spam/spam.csv.gz) or from its canonical download, and
// applies the data README's normalisation: Latin-1 decoding (mojibake kept, as in every Keras
// tutorial that reads it with encoding='latin1'), and the 50 messages that Kaggle's export split
// at commas into the unnamed columns are joined back with ','.
import type { Tensor } from '../tensor.ts';
import { readContent } from './read.ts';
import { dataFiles, locateDataFile, type LocateOptions } from './sources.ts';
import { labelTensor } from './keras-sequences.ts';

/** RFC 4180 records (quoted fields may hold commas, quotes as "" and line breaks). */
export function parseCsv(text: string, source = 'csv'): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '"' && field.length === 0) {
      // quoted field
      const openedAt = line;
      i++;
      for (;;) {
        if (i >= n) throw new Error(`${source}:${openedAt}: unterminated quoted field`);
        const d = text[i]!;
        if (d === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (d === '\n') line++;
        field += d;
        i++;
      }
      continue;
    }
    if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      field += c;
      i++;
    }
  }
  if (field.length > 0 || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

export interface SmsSpamData {
  texts: string[];
  /** 0 = ham, 1 = spam. */
  labels: Tensor;
}

/** All 5,572 messages in file order: `{texts, labels}` (split them yourself, as the seeds do). */
export async function loadData(options: LocateOptions = {}): Promise<SmsSpamData> {
  const path = await locateDataFile(dataFiles.smsSpamCsv, options);
  const records = parseCsv(readContent(path).toString('latin1'), path);
  const header = records[0];
  if (!header || header[0] !== 'v1' || header[1] !== 'v2')
    throw new Error(`${path}: expected the Kaggle header "v1,v2,,,", got "${header?.join(',')}"`);
  const texts: string[] = [];
  const labels: number[] = [];
  for (let r = 1; r < records.length; r++) {
    const fields = records[r]!;
    const label = fields[0];
    if (label !== 'ham' && label !== 'spam') throw new Error(`${path}: record ${r + 1}: label must be ham or spam, got "${label}"`);
    texts.push(
      fields
        .slice(1)
        .filter((f, k) => k === 0 || f.length > 0)
        .join(','),
    );
    labels.push(label === 'spam' ? 1 : 0);
  }
  return { texts, labels: labelTensor(labels) };
}
