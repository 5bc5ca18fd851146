#!/usr/bin/env node
// `npx cabas …` right after `npm install`: TypeScript runs through tsx, no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/index.ts');
const code = await runCli(process.argv.slice(2));
// Exit explicitly (open handles must not keep the CLI alive), once both streams are flushed.
await Promise.all([
  new Promise((resolve) => process.stdout.write('', resolve)),
  new Promise((resolve) => process.stderr.write('', resolve)),
]);
process.exit(code);
