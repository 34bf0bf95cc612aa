#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the engine needs no separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../playground/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
