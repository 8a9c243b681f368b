#!/usr/bin/env node
// Thin launcher: registers tsx so the CLI runs from the TypeScript sources with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
