// Loaded with --import: makes 'playwright-core' unresolvable, as in an install without it.
import { register } from 'node:module';

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === 'playwright-core') {
    const error = new Error("Cannot find package 'playwright-core'");
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
