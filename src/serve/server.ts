/**
 * `nslab serve`'s web server (hono on Node's http, @hono/node-ws for WebSockets): the course
 * page, the lesson pages, their assets, one WebSocket per open lesson page, and a lesson's
 * report. It listens on 127.0.0.1 only, and every request passes access.ts's checks first:
 * the `Host` it names, then the token (URL or cookie); a WebSocket also its `Origin`.
 */
import type { AddressInfo } from 'node:net';
import { lstat, readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import { Hono, type Context } from 'hono';
import { buildSessionReport } from '../report/build-session-report.js';
import { renderReport } from '../report/write-report.js';
import { userName } from '../util/user-name.js';
import { ASSETS_DIR, renderCoursePage, renderLessonPage } from '../view/web/pages.js';
import type { ClientMessage } from '../view/web/protocol.js';
import { contentSecurityPolicy, hostAllowed, LISTEN_ADDRESS, newToken, originAllowed, requestToken, TOKEN_PARAMETER, tokenCookie, tokenMatches } from './access.js';
import { listCourse, type Course } from './course.js';
import { LessonSession, type LessonPage, type SessionEndHook } from './lesson-session.js';
import { loadLintedScenario } from '../lint/load-linted-scenario.js';
import { EnvironmentError } from '../util/errors.js';

/** How to serve. */
export interface ServerOptions {
  /** Directories and files of scenarios, as `nslab list` takes them. */
  paths: readonly string[];
  /** The port on 127.0.0.1; 0 (the default) takes any free one. */
  port?: number;
  /** Records a session that ended (the CLI's `endSession`); none: nothing recorded. */
  onSessionEnd?: SessionEndHook;
  /** The token to require (default: a new random one); tests may fix it. */
  token?: string;
  /** The Graphviz program that draws the topology (default `dot` from PATH). */
  dot?: string;
}

/** A running server. */
export interface RunningServer {
  /** The URL to open, token included: `http://127.0.0.1:PORT/?token=...`. */
  url: string;
  port: number;
  token: string;
  /** The ids of the lessons whose session is open now (a session started, not ended yet). */
  openLessons(): string[];
  /** The scenario files of the course that did not parse when the server started, with their error counts. */
  unparsed: Array<{ file: string; errors: number }>;
  /**
   * Stops it: every lesson's session ends (its shell hung up, its sandbox closed, its outcome
   * recorded), every page is told and disconnected, the port is closed.
   */
  close(): Promise<void>;
}

/** The package's root: this module is two directories below it in src/, dist/ and dist/bundle/. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  // esbuild's legal comments (lesson.js.LEGAL.txt): the licences of the bundled libraries.
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The file of ASSETS_DIR an `/assets/` path names, or undefined: only a regular file inside
 * the directory (no `..`, no absolute path, no symbolic link out), of a known type.
 */
async function assetFile(path: string): Promise<string | undefined> {
  const root = resolve(PACKAGE_ROOT, ASSETS_DIR);
  let name: string;
  try {
    name = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (name.includes('\0') || isAbsolute(name) || !(extname(name) in CONTENT_TYPES)) return undefined;
  const file = resolve(root, name);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined;
  const stat = await lstat(file).catch(() => undefined);
  return stat?.isFile() ? file : undefined;
}

/** The server's refusal: 403 and nothing else. */
const forbidden = (c: Context) => c.text('403 Forbidden\n', 403);

/**
 * Starts the server (see the module comment) and returns once it listens.
 * @throws EnvironmentError when the port cannot be taken (in use, no permission)
 * @throws UsageError when a path of `paths` does not exist
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const sessions = new Map<string, LessonSession>();
  /** Each lesson's session that ended, until a new one of the lesson starts: its report stays. */
  const endedSessions = new Map<string, LessonSession>();
  let course: Course = await listCourse(options.paths);
  let port = 0;
  let closing = false;

  const app = new Hono();
  const { injectWebSocket, upgradeWebSocket, wss } = createNodeWebSocket({ app });

  app.use('*', async (c, next) => {
    c.header('Content-Security-Policy', contentSecurityPolicy(port));
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
    if (!hostAllowed(c.req.header('host'), port)) return forbidden(c);
    const query = c.req.query(TOKEN_PARAMETER);
    if (!tokenMatches(requestToken(query, c.req.header('cookie'), port), token)) return forbidden(c);
    if (query !== undefined) c.header('Set-Cookie', tokenCookie(port, token));
    await next();
  });

  /** The lesson of an id, from the latest listing; undefined for an id it does not have. */
  const lessonOf = (id: string) => course.lessons.get(id);

  // Browsers ask for it on their own; a 404 would be logged in the page's console as an error.
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.get('/', async (c) => {
    course = await listCourse(options.paths);
    return c.html(renderCoursePage(course.entries));
  });

  app.get('/lesson/:id', async (c) => {
    const lesson = lessonOf(c.req.param('id'));
    if (!lesson) return c.text('no such lesson\n', 404);
    try {
      const { scenario } = await loadLintedScenario(lesson.file);
      return c.html(renderLessonPage(scenario, { id: lesson.id, present: c.req.query('present') !== undefined }));
    } catch (error) {
      return c.text(`${lesson.file}: ${(error as Error).message}\n`, 500);
    }
  });

  app.get('/lesson/:id/report.:format{json|html}', async (c) => {
    const id = c.req.param('id');
    const format = c.req.param('format') as 'json' | 'html';
    const source = (sessions.get(id) ?? endedSessions.get(id))?.reportSource();
    if (!source) return c.text('no session of this lesson was started since nslab serve started\n', 404);
    const report = buildSessionReport(source.outcome, { identity: source.start.identity, user: userName(), finished: source.finished });
    const text = await renderReport([report], format);
    c.header('Content-Disposition', `attachment; filename="${id}-report.${format}"`);
    c.header('Content-Type', format === 'json' ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8');
    return c.body(text);
  });

  app.get('/assets/*', async (c) => {
    const file = await assetFile(c.req.path.slice('/assets/'.length));
    if (!file) return c.text('not found\n', 404);
    c.header('Content-Type', CONTENT_TYPES[extname(file)]!);
    c.header('Cache-Control', 'no-cache');
    return c.body(await readFile(file));
  });

  app.get(
    '/lesson/:id/ws',
    async (c, next) => {
      if (!originAllowed(c.req.header('origin'), port)) return forbidden(c);
      if (closing || !lessonOf(c.req.param('id'))) return c.text('no such lesson\n', 404);
      await next();
    },
    upgradeWebSocket((c) => {
      const lesson = lessonOf(c.req.param('id') ?? '')!;
      let session: LessonSession | undefined;
      let page: LessonPage | undefined;
      return {
        onOpen(_event, ws) {
          page = { send: (m) => ws.send(JSON.stringify(m)), close: () => ws.close(1000, 'session ended') };
          session = sessions.get(lesson.id);
          if (!session || session.ended) {
            const created = new LessonSession({
              lesson: lesson.id, file: lesson.file, onSessionEnd: options.onSessionEnd, dot: options.dot,
              onEnded: () => {
                if (sessions.get(lesson.id) !== created) return;
                sessions.delete(lesson.id);
                endedSessions.set(lesson.id, created);
              },
            });
            session = created;
            sessions.set(lesson.id, created);
            endedSessions.delete(lesson.id);
          }
          session.attach(page);
        },
        onMessage(event) {
          if (!session || !page || typeof event.data !== 'string') return;
          let message: ClientMessage;
          try {
            message = JSON.parse(event.data) as ClientMessage;
          } catch {
            return;
          }
          if (message && typeof message === 'object') session.receive(page, message);
        },
        onClose() {
          if (session && page) session.detach(page);
        },
      };
    }),
  );

  const server = createAdaptorServer({ fetch: app.fetch });
  injectWebSocket(server);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new EnvironmentError(`cannot listen on ${LISTEN_ADDRESS}:${options.port ?? 0}: ${error.message}`)));
    server.listen(options.port ?? 0, LISTEN_ADDRESS, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${LISTEN_ADDRESS}:${port}/?${TOKEN_PARAMETER}=${token}`,
    port,
    token,
    openLessons: () => [...sessions.keys()],
    unparsed: course.entries.filter((e) => e.errors !== undefined).map((e) => ({ file: e.file!, errors: e.errors! })),
    async close() {
      closing = true;
      await Promise.all([...sessions.values()].map((s) => s.close()));
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((done) => {
        server.close(() => done());
        (server as Server).closeAllConnections();
      });
    },
  };
}
