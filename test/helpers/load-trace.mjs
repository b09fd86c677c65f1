// `node --import ./test/helpers/load-trace.mjs …` with SAFER_LOAD_TRACE=FILE appends the URL of
// every ES module the process resolves to FILE, one a line: what a command loads, for
// test/cli/startup.test.ts. This one file is both the `--import` module (on the main thread it
// registers itself) and the hooks module (run by Node on its hooks thread).
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

let file;

if (isMainThread && process.env.SAFER_LOAD_TRACE) register(import.meta.url, { data: { file: process.env.SAFER_LOAD_TRACE } });

export function initialize(data) {
  file = data.file;
}

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (file) appendFileSync(file, `${result.url}\n`);
  return result;
}
