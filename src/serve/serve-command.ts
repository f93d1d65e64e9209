/**
 * `nslab serve`'s work, the entry of its own bundle (dist/bundle/serve.cjs): start the server,
 * say its URL, open the browser when asked, and when the signal fires (Ctrl-C, SIGTERM,
 * SIGHUP) end every lesson's session and stop.
 */
import { spawn } from 'node:child_process';
import { startServer } from './server.js';
import type { SessionEndHook } from './lesson-session.js';

export { startServer } from './server.js';

/** How to serve, from the command line. */
export interface ServeOptions {
  /** Directories and files of scenarios. */
  paths: string[];
  /** The port on 127.0.0.1 (0: any free one). */
  port: number;
  /** Open the URL in the browser ($BROWSER, else xdg-open). */
  open: boolean;
  /** Fires to stop the server. */
  signal: AbortSignal;
  /** Standard output: the URL. */
  write: (text: string) => void;
  /** Standard error: warnings (no browser to open) and progress. */
  warn: (text: string) => void;
  onSessionEnd?: SessionEndHook;
}

/**
 * Opens the URL with $BROWSER or xdg-open(1), detached. A missing opener is a warning: the URL
 * printed is enough.
 */
function openBrowser(url: string, warn: (text: string) => void): void {
  const opener = process.env.BROWSER || 'xdg-open';
  try {
    const child = spawn(opener, [url], { detached: true, stdio: 'ignore' });
    child.on('error', (error) => warn(`warning: cannot open a browser with ${opener} (${error.message}): open the URL yourself\n`));
    child.unref();
  } catch (error) {
    warn(`warning: cannot open a browser with ${opener} (${(error as Error).message}): open the URL yourself\n`);
  }
}

/**
 * Serves until the signal fires, then stops (see the module comment).
 * @throws EnvironmentError when the port cannot be taken; UsageError for a path that does not exist
 */
export async function serve(options: ServeOptions): Promise<void> {
  const server = await startServer({ paths: options.paths, port: options.port, onSessionEnd: options.onSessionEnd });
  try {
    options.write(`nslab serve: the course is at\n\n    ${server.url}\n\nThe token in it is the key to a root shell in a sandbox: share it with nobody.\nCtrl-C stops the server and ends every lesson's sandbox.\n`);
    for (const { file, errors } of server.unparsed) options.warn(`warning: ${file} has ${errors} error${errors === 1 ? '' : 's'} and cannot be opened as a lesson: run nslab lint ${file}\n`);
    if (options.open) openBrowser(server.url, options.warn);
    await new Promise<void>((resolve) => {
      if (options.signal.aborted) return resolve();
      options.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    if (server.openLessons().length > 0) options.warn('stopping: ending every open lesson and its sandbox\n');
  } finally {
    await server.close();
  }
}
