// npm run docs:assessment — writes docs/assessment.md's field reference from the contract (src/assess/contract/).
import { readFileSync, writeFileSync } from 'node:fs';
import { withReference } from '../src/assess/contract/docs.ts';

const path = new URL('../docs/assessment.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = withReference(before);
if (after !== before) writeFileSync(path, after);
process.stdout.write(after === before ? 'docs/assessment.md is current\n' : 'docs/assessment.md written\n');
