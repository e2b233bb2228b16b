// Reading a JSON file with errors that name the file and the line of a syntax error.
import { existsSync, readFileSync } from 'node:fs';

export function readJsonFile(path: string, what = 'JSON file'): unknown {
  if (!existsSync(path)) throw new Error(`${what} '${path}' does not exist`);
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    // V8 echoes the whole text in some messages ("Unexpected token ',', "{…" is not valid JSON"): drop it
    const message = (e as Error).message.replace(/, "[\s\S]*" is not valid JSON$/, '');
    const at = /position (\d+)/.exec(message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : undefined;
    throw new Error(`${path}${line ? `:${line}` : ''}: not valid JSON (${message})`);
  }
}
