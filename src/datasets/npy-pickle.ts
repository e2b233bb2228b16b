// A restricted reader for the pickle stream numpy writes for an object array (`np.save` of ragged
// sequences, as in Keras' reuters.npz and imdb.npz). It runs no code: it knows only the opcodes such
// a stream uses and only three globals, numpy.ndarray, numpy.dtype and
// numpy(.core|._core).multiarray._reconstruct (the set Keras' own npz_utils allows), and it builds
// plain JavaScript values: an object array becomes an array of its items, a list of ints a number[].
// Anything else (another global, an opcode outside the list) is refused with the opcode's name
// and byte offset.

/** A numpy dtype as far as the reader needs it: its descriptor ('O8', 'i8', 'f4' …) and byte order. */
interface DtypeValue {
  kind: 'dtype';
  descr: string;
  order: string;
}

/** An ndarray being rebuilt: `_reconstruct(ndarray, (0,), b'b')` then BUILD with its state. */
interface ArrayValue {
  kind: 'ndarray';
  shape: number[];
  dtype: DtypeValue | null;
  data: unknown;
}

type Global = { kind: 'global'; name: 'ndarray' | 'dtype' | '_reconstruct' };

const ALLOWED_GLOBALS: Record<string, Global['name']> = {
  'numpy ndarray': 'ndarray',
  'numpy dtype': 'dtype',
  'numpy.core.multiarray _reconstruct': '_reconstruct',
  'numpy._core.multiarray _reconstruct': '_reconstruct',
};

const MARK = Symbol('mark');

const OPCODE_NAMES: Record<number, string> = {
  0x63: 'GLOBAL',
  0x69: 'INST',
  0x6f: 'OBJ',
  0x81: 'NEWOBJ',
  0x92: 'NEWOBJ_EX',
  0x93: 'STACK_GLOBAL',
  0x52: 'REDUCE',
  0x62: 'BUILD',
  0x50: 'PERSID',
  0x51: 'BINPERSID',
  0x82: 'EXT1',
  0x83: 'EXT2',
  0x84: 'EXT4',
  0x7d: 'EMPTY_DICT',
  0x73: 'SETITEM',
  0x75: 'SETITEMS',
  0x8f: 'EMPTY_SET',
  0x90: 'ADDITEMS',
  0x91: 'FROZENSET',
};

function isGlobal(v: unknown, name: Global['name']): v is Global {
  return typeof v === 'object' && v !== null && (v as Global).kind === 'global' && (v as Global).name === name;
}

/** Error for the byte at `offset` of `what`. */
function refuse(what: string, offset: number, message: string): Error {
  return new Error(`${what}: ${message} at byte ${offset}; only numpy object arrays of lists of numbers are read (nothing is executed)`);
}

/**
 * Reads a numpy object array's pickle stream into plain values. `what` names the file in errors.
 * Returns the array's items (nested arrays for 2-D and more), numbers for numeric items.
 */
export function readNumpyPickle(bytes: Uint8Array, what = 'pickle'): unknown[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: unknown[] = [];
  const memo: unknown[] = [];
  let p = 0;
  const need = (n: number, at: number) => {
    if (p + n > bytes.length) throw refuse(what, at, 'the stream ends inside an opcode');
  };
  const text = (n: number, at: number, encoding: 'latin1' | 'utf8') => {
    need(n, at);
    const s = Buffer.from(bytes.buffer, bytes.byteOffset + p, n).toString(encoding);
    p += n;
    return s;
  };
  const line = (at: number) => {
    const end = bytes.indexOf(0x0a, p);
    if (end < 0) throw refuse(what, at, 'a GLOBAL without its newline');
    const s = Buffer.from(bytes.buffer, bytes.byteOffset + p, end - p).toString('latin1');
    p = end + 1;
    return s;
  };
  const popMark = (at: number): unknown[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) throw refuse(what, at, 'no MARK on the stack');
    const items = stack.slice(i + 1);
    stack.length = i;
    return items;
  };
  const pop = (at: number): unknown => {
    if (stack.length === 0 || stack[stack.length - 1] === MARK) throw refuse(what, at, 'the stack is empty');
    return stack.pop();
  };
  const global = (module: string, name: string, at: number): Global => {
    const allowed = ALLOWED_GLOBALS[`${module} ${name}`];
    if (!allowed) throw refuse(what, at, `the global ${module}.${name} is not allowed`);
    return { kind: 'global', name: allowed };
  };
  const tuple = (items: unknown[]) => Object.freeze(items);

  while (p < bytes.length) {
    const at = p;
    const op = bytes[p++]!;
    switch (op) {
      case 0x80: // PROTO
        need(1, at);
        if (bytes[p]! > 5) throw refuse(what, at, `pickle protocol ${bytes[p]}`);
        p += 1;
        break;
      case 0x95: // FRAME (a length hint; the bytes follow inline)
        need(8, at);
        p += 8;
        break;
      case 0x2e: // STOP
        if (stack.length !== 1) throw refuse(what, at, `STOP with ${stack.length} values on the stack`);
        return arrayItems(stack[0], what);
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(tuple([]));
        break;
      case 0x74: // TUPLE
        stack.push(tuple(popMark(at)));
        break;
      case 0x85: // TUPLE1
        stack.push(tuple([pop(at)]));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop(at);
        stack.push(tuple([pop(at), b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop(at);
        const b = pop(at);
        stack.push(tuple([pop(at), b, c]));
        break;
      }
      case 0x61: {
        // APPEND
        const item = pop(at);
        const list = stack[stack.length - 1];
        if (!Array.isArray(list) || Object.isFrozen(list)) throw refuse(what, at, 'APPEND to something not a list');
        list.push(item);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark(at);
        const list = stack[stack.length - 1];
        if (!Array.isArray(list) || Object.isFrozen(list)) throw refuse(what, at, 'APPENDS to something not a list');
        for (const item of items) list.push(item);
        break;
      }
      case 0x4a: // BININT
        need(4, at);
        stack.push(view.getInt32(p, true));
        p += 4;
        break;
      case 0x4b: // BININT1
        need(1, at);
        stack.push(bytes[p++]!);
        break;
      case 0x4d: // BININT2
        need(2, at);
        stack.push(view.getUint16(p, true));
        p += 2;
        break;
      case 0x8a: {
        // LONG1: a little-endian two's complement integer of n bytes
        need(1, at);
        const n = bytes[p++]!;
        need(n, at);
        if (n > 6) throw refuse(what, at, `an integer of ${n} bytes`);
        let v = 0;
        for (let i = n - 1; i >= 0; i--) v = v * 256 + bytes[p + i]!;
        if (n > 0 && bytes[p + n - 1]! >= 0x80) v -= 2 ** (8 * n);
        p += n;
        stack.push(v);
        break;
      }
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x55: {
        // SHORT_BINSTRING (Python 2 str)
        need(1, at);
        stack.push(text(bytes[p++]!, at, 'latin1'));
        break;
      }
      case 0x54: {
        // BINSTRING
        need(4, at);
        const n = view.getInt32(p, true);
        p += 4;
        stack.push(text(n, at, 'latin1'));
        break;
      }
      case 0x43: {
        // SHORT_BINBYTES
        need(1, at);
        const n = bytes[p++]!;
        need(n, at);
        stack.push(bytes.slice(p, p + n));
        p += n;
        break;
      }
      case 0x42: {
        // BINBYTES
        need(4, at);
        const n = view.getUint32(p, true);
        p += 4;
        need(n, at);
        stack.push(bytes.slice(p, p + n));
        p += n;
        break;
      }
      case 0x8c: // SHORT_BINUNICODE
        need(1, at);
        stack.push(text(bytes[p++]!, at, 'utf8'));
        break;
      case 0x58: {
        // BINUNICODE
        need(4, at);
        const n = view.getUint32(p, true);
        p += 4;
        stack.push(text(n, at, 'utf8'));
        break;
      }
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line(at);
        stack.push(global(module, line(at), at));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop(at);
        const module = pop(at);
        if (typeof module !== 'string' || typeof name !== 'string') throw refuse(what, at, 'STACK_GLOBAL without two names');
        stack.push(global(module, name, at));
        break;
      }
      case 0x71: // BINPUT
        need(1, at);
        memo[bytes[p++]!] = stack[stack.length - 1];
        break;
      case 0x72: // LONG_BINPUT
        need(4, at);
        memo[view.getUint32(p, true)] = stack[stack.length - 1];
        p += 4;
        break;
      case 0x94: // MEMOIZE
        memo.push(stack[stack.length - 1]);
        break;
      case 0x68: {
        // BINGET
        need(1, at);
        const i = bytes[p++]!;
        if (!(i in memo)) throw refuse(what, at, `BINGET of unknown memo ${i}`);
        stack.push(memo[i]);
        break;
      }
      case 0x6a: {
        // LONG_BINGET
        need(4, at);
        const i = view.getUint32(p, true);
        p += 4;
        if (!(i in memo)) throw refuse(what, at, `LONG_BINGET of unknown memo ${i}`);
        stack.push(memo[i]);
        break;
      }
      case 0x52: {
        // REDUCE: only _reconstruct(ndarray, shape, b) and dtype(descr, align, copy)
        const args = pop(at);
        const callable = pop(at);
        if (!Array.isArray(args)) throw refuse(what, at, 'REDUCE without an argument tuple');
        if (isGlobal(callable, '_reconstruct') && isGlobal(args[0], 'ndarray')) {
          stack.push({ kind: 'ndarray', shape: [], dtype: null, data: null } satisfies ArrayValue);
        } else if (isGlobal(callable, 'dtype') && typeof args[0] === 'string') {
          stack.push({ kind: 'dtype', descr: args[0], order: '|' } satisfies DtypeValue);
        } else {
          throw refuse(what, at, 'REDUCE of something other than numpy array or dtype reconstruction');
        }
        break;
      }
      case 0x62: {
        // BUILD: the state of an array or a dtype
        const state = pop(at);
        const target = stack[stack.length - 1] as ArrayValue | DtypeValue | undefined;
        if (!Array.isArray(state)) throw refuse(what, at, 'BUILD without a state tuple');
        if (target?.kind === 'dtype') {
          if (typeof state[1] === 'string') target.order = state[1];
        } else if (target?.kind === 'ndarray') {
          // (version, shape, dtype, is_fortran, data)
          const [, shape, dtype, , data] = state as unknown[];
          if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= 0))
            throw refuse(what, at, 'an array state without a shape');
          if (typeof dtype !== 'object' || dtype === null || (dtype as DtypeValue).kind !== 'dtype')
            throw refuse(what, at, 'an array state without a dtype');
          target.shape = shape as number[];
          target.dtype = dtype as DtypeValue;
          target.data = data;
        } else {
          throw refuse(what, at, 'BUILD of something other than a numpy array or dtype');
        }
        break;
      }
      default: {
        const name = OPCODE_NAMES[op] ?? `0x${op.toString(16).padStart(2, '0')}`;
        throw refuse(what, at, `the opcode ${name} is not allowed`);
      }
    }
  }
  throw refuse(what, p, 'the stream ends without STOP');
}

/** The items of a rebuilt object array, checked to be numbers, lists of numbers or nested arrays. */
function arrayItems(value: unknown, what: string): unknown[] {
  const array = value as ArrayValue;
  if (array?.kind !== 'ndarray' || !array.dtype) throw new Error(`${what}: the pickle does not hold a numpy array`);
  if (!array.dtype.descr.startsWith('O'))
    throw new Error(`${what}: a pickled array of dtype ${array.dtype.descr} (expected an object array)`);
  const items = array.data;
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (!Array.isArray(items) || items.length !== count)
    throw new Error(
      `${what}: the object array of shape (${array.shape.join(', ')}) holds ${Array.isArray(items) ? items.length : 'no'} items`,
    );
  const plain = items.map((item, i) => {
    if (typeof item === 'number') return item;
    if (Array.isArray(item) && item.every((v) => typeof v === 'number')) return [...(item as number[])];
    throw new Error(`${what}: item ${i} is not a number or a list of numbers`);
  });
  return reshape(plain, array.shape);
}

function reshape(flat: unknown[], shape: number[]): unknown[] {
  if (shape.length <= 1) return flat;
  const [first, ...rest] = shape;
  const size = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: first! }, (_, i) => reshape(flat.slice(i * size, (i + 1) * size), rest));
}
