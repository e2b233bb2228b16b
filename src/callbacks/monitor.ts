// Shared by EarlyStopping, ReduceLROnPlateau and ModelCheckpoint: which log value to watch,
// which direction is better (mode 'auto': accuracy-like names go up, everything else down),
// and the val_acc <-> val_accuracy alias so a book's monitor name finds the key we log.

import { lookupOwn } from '../utils/own.ts';
import type { Logs } from './callback.ts';

export type MonitorMode = 'auto' | 'min' | 'max';

export function isMaxMetric(monitor: string, mode: MonitorMode): boolean {
  if (mode === 'max') return true;
  if (mode === 'min') return false;
  if (mode !== 'auto') throw new Error(`mode must be 'auto', 'min' or 'max', got '${String(mode)}'`);
  return /acc|auc|precision|recall/.test(monitor);
}

const warned = new Set<string>();

/** The monitored value, or null (warning once unless `quiet`) when the logs do not have it. */
export function monitored(logs: Logs, monitor: string, who: string, quiet = false): number | null {
  if (lookupOwn(logs, monitor) !== undefined) return logs[monitor]!;
  const alias = monitor.endsWith('accuracy') ? monitor.replace(/accuracy$/, 'acc') : monitor.endsWith('acc') ? `${monitor}uracy` : null;
  if (alias && lookupOwn(logs, alias) !== undefined) return logs[alias]!;
  const key = `${who}:${monitor}`;
  if (!quiet && !warned.has(key)) {
    warned.add(key);
    console.warn(`${who} conditioned on metric '${monitor}' which is not available. Available metrics are: ${Object.keys(logs).join(',')}`);
  }
  return null;
}
