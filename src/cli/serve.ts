import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.ts';
import { startServer } from '../server.ts';
import type { Command } from './command.ts';

export const serveCommand: Command = {
  name: 'serve',
  usage: 'rxsafety serve [--port 3000]',
  summary: 'Start the web server (the same as npm start)',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { port: { type: 'string' } } });
    const config = loadConfig(process.env, values.port ? { PORT: values.port } : {});
    const server = await startServer({ config });
    io.out(`rxsafety is serving on ${server.url}`);
    await new Promise<void>((resolve) => {
      const stop = () => void server.close().then(resolve);
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
    return 0;
  },
};
