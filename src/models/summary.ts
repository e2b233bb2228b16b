// model.summary() in the Keras 2 layout the textbooks show (line length 65, columns at
// 45% / 85%, '=' and '_' rules, totals with thousands separators):
//   Model: "sequential"
//   _________________________________________________________________
//   Layer (type)                 Output Shape              Param #
//   =================================================================
//   simple_rnn (SimpleRNN)       (None, 10)                120
//   ...

import type { Shape } from '../layers/layer.ts';
import { formatThousands } from '../utils/format.ts';

export interface SummaryRow {
  name: string;
  className: string;
  outputShapes: Shape[];
  params: number;
  /** Functional models: "input_1[0][0]" style inbound names (a 4th column). */
  connectedTo?: string[];
}

export interface SummaryInput {
  modelName: string;
  rows: SummaryRow[];
  trainable: number;
  nonTrainable: number;
  lineLength?: number;
}

/** Keras' str() of a shape tuple: (None, 10), (None,), or a list of them. */
export function formatShape(shapes: Shape[]): string {
  const one = (s: Shape): string => (s.length === 1 ? `(${s[0] ?? 'None'},)` : `(${s.map((d) => d ?? 'None').join(', ')})`);
  return shapes.length === 1 ? one(shapes[0]!) : `[${shapes.map(one).join(', ')}]`;
}

export function formatSummary({ modelName, rows, trainable, nonTrainable, lineLength = 65 }: SummaryInput): string {
  const functional = rows.some((r) => r.connectedTo);
  const length = functional ? Math.max(lineLength, 98) : lineLength;
  const fractions = functional ? [0.33, 0.55, 0.67, 1] : [0.45, 0.85, 1];
  const positions = fractions.map((p) => Math.floor(length * p));
  const lines: string[] = [];
  const row = (fields: string[]): void => {
    let line = '';
    fields.forEach((field, i) => {
      if (i > 0) line = line.slice(0, -1) + ' '; // Keras keeps a space before each column
      line += field;
      line = line.slice(0, positions[i]);
      line += ' '.repeat(Math.max(0, positions[i]! - line.length));
    });
    lines.push(line);
  };
  lines.push(`Model: "${modelName}"`);
  lines.push('_'.repeat(length));
  row(functional ? ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'] : ['Layer (type)', 'Output Shape', 'Param #']);
  lines.push('='.repeat(length));
  rows.forEach((r, i) => {
    const fields = [`${r.name} (${r.className})`, formatShape(r.outputShapes), String(r.params)];
    if (functional) fields.push(r.connectedTo?.[0] ?? '');
    row(fields);
    for (const extra of (r.connectedTo ?? []).slice(1)) row(['', '', '', extra]);
    lines.push(i === rows.length - 1 ? '='.repeat(length) : '_'.repeat(length));
  });
  if (rows.length === 0) lines.push('='.repeat(length));
  lines.push(`Total params: ${formatThousands(trainable + nonTrainable)}`);
  lines.push(`Trainable params: ${formatThousands(trainable)}`);
  lines.push(`Non-trainable params: ${formatThousands(nonTrainable)}`);
  lines.push('_'.repeat(length));
  return lines.join('\n');
}
