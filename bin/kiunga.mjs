#!/usr/bin/env node
// Kiunga's command line: runs cli/main.ts through tsx so the TypeScript sources need no build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

register();
const here = path.dirname(fileURLToPath(import.meta.url));
const { main } = await import(pathToFileURL(path.join(here, '..', 'cli', 'main.ts')).href);
process.exitCode = await main(process.argv);
