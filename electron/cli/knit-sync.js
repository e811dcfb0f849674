#!/usr/bin/env node
// The `knit-sync` bin: runs the TypeScript CLI through tsx, so `npx knit-sync` works right after `npm ci`
// with no build step. Everything the CLI does lives in main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
