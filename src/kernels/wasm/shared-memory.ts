// The shared-memory build of a wasm module, derived from the unshared one. asc's two builds
// (--sharedMemory --maximumMemory 65536) differ only in the memory import's limits, so
// rewriting that one entry of the import section (flags 0x03 = shared + maximum) gives the
// module that workers can instantiate on a SharedArrayBuffer heap, and halves the binaries
// we ship. Anything else in the binary is copied byte for byte.

/** Maximum pages of the shared memory (4 GiB), as the heap declares it. */
export const SHARED_MAX_PAGES = 65536;

const IMPORT_SECTION = 2;
const KIND_FUNCTION = 0;
const KIND_TABLE = 1;
const KIND_MEMORY = 2;
const KIND_GLOBAL = 3;

/** `bytes` with its memory import declared shared (maximum SHARED_MAX_PAGES unless it has one). */
export function withSharedMemory(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  let p = 8; // magic + version
  while (p < bytes.length) {
    const id = bytes[p]!;
    const size = readU32(bytes, p + 1);
    const contentStart = p + 1 + size.length;
    if (id === IMPORT_SECTION) {
      const content = sharedImportSection(bytes.subarray(contentStart, contentStart + size.value));
      const sectionSize = encodeU32(content.length);
      const out = new Uint8Array(new ArrayBuffer(bytes.length - size.length - size.value + sectionSize.length + content.length));
      out.set(bytes.subarray(0, p + 1), 0);
      out.set(sectionSize, p + 1);
      out.set(content, p + 1 + sectionSize.length);
      out.set(bytes.subarray(contentStart + size.value), p + 1 + sectionSize.length + content.length);
      return out;
    }
    p = contentStart + size.value;
  }
  throw new Error('wasm kernels: the binary imports no memory (expected env.memory)');
}

/** The import section's content with the memory entry's limits made shared. */
function sharedImportSection(section: Uint8Array): Uint8Array {
  const count = readU32(section, 0);
  let p = count.length;
  for (let i = 0; i < count.value; i++) {
    for (let name = 0; name < 2; name++) {
      const length = readU32(section, p);
      p += length.length + length.value;
    }
    const kind = section[p++];
    if (kind === KIND_MEMORY) {
      const flags = section[p]!;
      if (flags & 0x02) throw new Error('wasm kernels: the binary already imports a shared memory');
      const min = readU32(section, p + 1);
      let end = p + 1 + min.length;
      let max = SHARED_MAX_PAGES;
      if (flags & 0x01) {
        const declared = readU32(section, end);
        max = declared.value;
        end += declared.length;
      }
      const limits = [0x03, ...encodeU32(min.value), ...encodeU32(max)];
      const out = new Uint8Array(section.length - (end - p) + limits.length);
      out.set(section.subarray(0, p), 0);
      out.set(limits, p);
      out.set(section.subarray(end), p + limits.length);
      return out;
    }
    if (kind === KIND_FUNCTION) p += readU32(section, p).length;
    else if (kind === KIND_TABLE) p += 1 + limitsLength(section, p + 1);
    else if (kind === KIND_GLOBAL) p += 2;
    else throw new Error(`wasm kernels: unknown import kind ${kind}`);
  }
  throw new Error('wasm kernels: the binary imports no memory (expected env.memory)');
}

function limitsLength(bytes: Uint8Array, p: number): number {
  const flags = bytes[p]!;
  const min = readU32(bytes, p + 1);
  return 1 + min.length + (flags & 0x01 ? readU32(bytes, p + 1 + min.length).length : 0);
}

/** An unsigned LEB128 number at p: its value and its length in bytes. */
function readU32(bytes: Uint8Array, p: number): { value: number; length: number } {
  let value = 0;
  let shift = 0;
  let length = 0;
  for (;;) {
    const byte = bytes[p + length++];
    if (byte === undefined || length > 5) throw new Error('wasm kernels: malformed binary (bad LEB128 number)');
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(byte & 0x80)) return { value, length };
  }
}

function encodeU32(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}
