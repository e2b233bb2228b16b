// Python's `json.dumps` with default arguments (separators ', ' and ': ', ensure_ascii=True),
// so a Tokenizer's toJSON() has the same bytes layout as Keras' `to_json()` and either side can
// read the other's file. Only what the Tokenizer config needs: objects (string keys, insertion
// order), arrays, strings, integers, finite floats, booleans and null.

export type PyJson = null | boolean | number | string | PyJson[] | Map<string, PyJson> | { [key: string]: PyJson };

export function pythonJsonDumps(value: PyJson): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return '[' + value.map(pythonJsonDumps).join(', ') + ']';
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return '{' + entries.map(([k, v]) => `${pythonString(k)}: ${pythonJsonDumps(v)}`).join(', ') + '}';
}

function pythonNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  // Python's float repr and JS's shortest round-trip agree except for the exponent format.
  const s = String(x);
  return s.includes('e') ? s.replace(/e([+-])(\d)$/, 'e$10$2') : s;
}

function pythonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    // ensure_ascii: every UTF-16 unit outside printable ASCII as \uXXXX (astral = surrogate pair).
    else if (c < 0x20 || c > 0x7e) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += s[i];
  }
  return out + '"';
}
