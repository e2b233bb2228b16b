// scikit-learn's LabelEncoder: labels (strings or numbers) ↔ ids 0..k−1, classes sorted.

import { Tensor } from '../tensor.ts';

type Label = string | number;

const compare = (a: Label, b: Label): number =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;

export class LabelEncoder {
  /** The sorted distinct labels; id = position. */
  classes: readonly Label[] | null = null;
  private index = new Map<Label, number>();

  /** Learns the sorted distinct labels. */
  fit(labels: Iterable<Label>): this {
    const seen = new Set<Label>();
    let i = 0;
    for (const l of labels) {
      if (typeof l !== 'string' && typeof l !== 'number')
        throw new Error(`LabelEncoder.fit: label ${i} is ${l === null ? 'null' : typeof l} (drop or fill missing labels first)`);
      seen.add(l);
      i++;
    }
    if (seen.size === 0) throw new Error('LabelEncoder.fit: no labels');
    this.setClasses([...seen].sort(compare));
    return this;
  }

  private setClasses(classes: Label[]): void {
    this.classes = Object.freeze(classes);
    this.index = new Map(classes.map((c, i) => [c, i]));
  }

  get numClasses(): number {
    return this.classes?.length ?? 0;
  }

  /** Labels → int32 Tensor of ids; an unseen label is an error naming it and its position. */
  transform(labels: Iterable<Label>): Tensor {
    if (!this.classes) throw new Error('LabelEncoder.transform: call fit() first');
    const ids: number[] = [];
    for (const l of labels) {
      const id = this.index.get(l);
      if (id === undefined)
        throw new Error(
          `LabelEncoder.transform: label ${JSON.stringify(l)} at position ${ids.length} was not seen by fit() (classes: ${this.classes.map((c) => JSON.stringify(c)).join(', ')})`,
        );
      ids.push(id);
    }
    return new Tensor(Int32Array.from(ids), [ids.length]);
  }

  fitTransform(labels: readonly Label[]): Tensor {
    return this.fit(labels).transform(labels);
  }

  /** Ids (e.g. predictClasses output) → labels. */
  inverseTransform(ids: Tensor | ArrayLike<number>): Label[] {
    if (!this.classes) throw new Error('LabelEncoder.inverseTransform: call fit() first');
    const x = ids instanceof Tensor ? ids.dataSync() : ids;
    return Array.from({ length: x.length }, (_, i) => {
      const l = this.classes![x[i]!];
      if (l === undefined)
        throw new Error(`LabelEncoder.inverseTransform: id ${x[i]} at position ${i} is outside [0, ${this.classes!.length})`);
      return l;
    });
  }

  toJSON(): { class_name: 'LabelEncoder'; classes: Label[] } {
    if (!this.classes) throw new Error('LabelEncoder.toJSON: not fitted');
    return { class_name: 'LabelEncoder', classes: [...this.classes] };
  }

  static fromJSON(json: string | { classes: Label[] }): LabelEncoder {
    const o = typeof json === 'string' ? JSON.parse(json) : json;
    if (!o || !Array.isArray(o.classes) || o.classes.length === 0) throw new Error('LabelEncoder.fromJSON: expected { classes: [...] }');
    const e = new LabelEncoder();
    e.setClasses([...o.classes]);
    return e;
  }
}
