// A wasm binary without its "name" custom section (function names for profilers and stack
// traces). Browsers import a copy without it (~0.8 kB less gzip to download); Node's file keeps it.

/** Reads an unsigned LEB128 at `at`: [value, position after it]. */
function readU32(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return [value >>> 0, at];
}

/** The binary with every custom section named "name" left out; other sections byte for byte. */
export function withoutNameSection(bytes) {
  const kept = [bytes.subarray(0, 8)]; // magic + version
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++];
    let size;
    [size, at] = readU32(bytes, at);
    const end = at + size;
    if (end > bytes.length) throw new Error(`wasm-name-section: section ${id} at byte ${start} runs past the end`);
    let isName = false;
    if (id === 0) {
      const [nameLength, nameStart] = readU32(bytes, at);
      isName = new TextDecoder().decode(bytes.subarray(nameStart, nameStart + nameLength)) === 'name';
    }
    if (!isName) kept.push(bytes.subarray(start, end));
    at = end;
  }
  const out = new Uint8Array(kept.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of kept) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
