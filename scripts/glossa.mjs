// `npm run glossa -- ARGS`: build dist/ if src/ changed (scripts/build.mjs), then run the CLI in
// this same process: one node start instead of two (the build check alone was a process of
// its own before every command).
import process from 'node:process';
import { ensureBuilt } from './build.mjs';

await ensureBuilt();
const { main } = await import('../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));
