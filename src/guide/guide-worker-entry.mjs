// Worker entry in plain JavaScript: a worker cannot start from a .ts file, so it registers the same
// TypeScript loader the CLI uses (bin/rxsafety.js) and then runs the worker module.
import { register } from 'tsx/esm/api';

register();
await import('./guide-worker.ts');
