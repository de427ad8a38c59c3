/**
 * The only server the browsers may reach: it serves the page and the project's compiled
 * modules on 127.0.0.1, and it is also each browser's proxy, so every request for anywhere else
 * (a page's fetch, the browser calling home) arrives here, is refused and recorded in
 * `blocked`. Nothing is ever forwarded.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { projectPath } from '../../core/paths.js';

/** The compiled modules the page may load: bothends' own, nothing from node_modules. */
const MODULES = projectPath('dist', 'src');
/** The page's module, as a path under the server's origin. */
export const PAGE_MODULE = '/dist/src/adapters/webcrypto-browser/page.js';

/** No inline script, no other origin, no fetch: the page runs only the project's modules. */
const CSP = "default-src 'none'; script-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'";

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>bothends webcrypto</title>
<script type="module" src="${PAGE_MODULE}"></script></head><body></body></html>`;

/** The page server and blocking proxy of one browser adapter. */
export class PageServer {
  /** Every request that was not for the page or its modules: refused, never forwarded. */
  readonly blocked: string[] = [];

  private constructor(
    private readonly server: Server,
    /** `127.0.0.1:port`: the page's host, and the browsers' proxy. */
    readonly host: string,
  ) {}

  /** The page's URL. */
  get url(): string {
    return `http://${this.host}/`;
  }

  static async start(): Promise<PageServer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    const self = new PageServer(server, `127.0.0.1:${port}`);
    server.on('request', (req, res) => self.serve(req, res));
    // HTTPS through the proxy: refused before any byte of TLS.
    server.on('connect', (req: IncomingMessage, socket) => {
      self.blocked.push(`CONNECT ${req.url ?? ''}`);
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    return self;
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '';
    // A proxied request names its target in full (`GET http://elsewhere/ HTTP/1.1`).
    const own = url.startsWith('/') && req.headers.host === this.host;
    const path = own ? decodeURIComponent(url.split('?')[0] ?? '') : '';
    const file = path.endsWith('.js') ? normalize(join(MODULES, path.replace(/^\/dist\/src\//, ''))) : '';
    if (own && path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP, 'cache-control': 'no-store' });
      res.end(PAGE);
    } else if (own && path === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (own && path.startsWith('/dist/src/') && file.startsWith(MODULES + sep) && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'content-security-policy': CSP, 'cache-control': 'no-store' });
      createReadStream(file).pipe(res);
    } else {
      this.blocked.push(`${req.method ?? 'GET'} ${own ? `http://${this.host}${url}` : url}`);
      res.writeHead(own ? 404 : 403).end();
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
