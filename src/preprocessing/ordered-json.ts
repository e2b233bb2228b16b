// Parses a flat JSON object keeping key order exactly as written. JSON.parse would move
// integer-like keys ("2009", "1") to the front, which would change a Tokenizer's word_counts
// order and so its tie-breaking after a reload.

export function parseOrderedJsonObject(text: string): [string, unknown][] {
  let i = 0;
  const skip = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new Error(`expected ${what} at character ${i}`);
  };
  // One JSON value starting at i (strings, numbers, literals, or nested structures), returned parsed.
  const value = (): unknown => {
    skip();
    const start = i;
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      if (i >= text.length) fail('the end of a string');
      i++;
    } else if (c === '{' || c === '[') {
      let depth = 0;
      let inString = false;
      for (; i < text.length; i++) {
        const ch = text[i]!;
        if (inString) {
          if (ch === '\\') i++;
          else if (ch === '"') inString = false;
        } else if (ch === '"') inString = true;
        else if (ch === '{' || ch === '[') depth++;
        else if (ch === '}' || ch === ']') {
          depth--;
          if (depth === 0) {
            i++;
            break;
          }
        }
      }
    } else {
      while (i < text.length && !',}] \t\r\n'.includes(text[i]!)) i++;
      if (i === start) fail('a value');
    }
    return JSON.parse(text.slice(start, i));
  };
  const entries: [string, unknown][] = [];
  skip();
  if (text[i] !== '{') fail("'{'");
  i++;
  skip();
  if (text[i] === '}') return entries;
  for (;;) {
    skip();
    if (text[i] !== '"') fail('a string key');
    const key = value() as string;
    skip();
    if (text[i] !== ':') fail("':'");
    i++;
    entries.push([key, value()]);
    skip();
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '}') break;
    fail("',' or '}'");
  }
  return entries;
}
