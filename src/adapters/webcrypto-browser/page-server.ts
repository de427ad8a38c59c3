/**
 * The only server the browsers may reach: it serves the page and the project's compiled
 * modules on 127.0.0.1, and it is also each browser's proxy, so every request for anywhere else
 * (a page's fetch, the browser calling home) arrives here, is refused and recorded in
 * `blocked`. Nothing is ever forwarded.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { projectPath } from '../../core/paths.js';

/** The compiled modules the page may load: bothends' own, nothing from node_modules. */
const MODULES = projectPath('dist', 'src');
/** The page's module, as a path under the server's origin. */
export const PAGE_MODULE = '/dist/src/adapters/webcrypto-browser/page.js';

/**
 * The packages the bindings' modules import (asn1js for DER keys, fast-check through the family
 * modules, and what those import), served from node_modules under /node_modules/ and named in
 * the page's import map. Nothing else of node_modules is served.
 */
const PACKAGES = ['asn1js', '@peculiar/utils', 'fast-check', 'pure-rand'];
const NODE_MODULES = projectPath('node_modules');

/** Bare specifier → URL, from each package's own `exports` (the `import` condition, else the plain path). */
function importMap(): Record<string, string> {
  const imports: Record<string, string> = {};
  for (const name of PACKAGES) {
    const pkg = JSON.parse(readFileSync(join(NODE_MODULES, name, 'package.json'), 'utf8')) as {
      exports?: Record<string, unknown>;
      module?: string;
      main?: string;
    };
    const target = (entry: unknown): string | undefined => {
      if (typeof entry === 'string') return entry;
      if (entry && typeof entry === 'object') {
        const e = entry as Record<string, unknown>;
        return target(e['import']) ?? target(e['default']);
      }
      return undefined;
    };
    const exports =
      pkg.exports && !('.' in pkg.exports) && !Object.keys(pkg.exports).some((k) => k.startsWith('.'))
        ? { '.': pkg.exports }
        : (pkg.exports ?? { '.': pkg.module ?? pkg.main });
    for (const [sub, entry] of Object.entries(exports)) {
      const file = target(entry);
      if (!file || !file.endsWith('.js') || sub.includes('*')) continue;
      imports[sub === '.' ? name : `${name}/${sub.replace(/^\.\//, '')}`] = `/node_modules/${name}/${file.replace(/^\.\//, '')}`;
    }
  }
  return imports;
}

const IMPORT_MAP = JSON.stringify({ imports: importMap() });

/** No other origin, no fetch; the one inline script is the import map, allowed by its hash. */
const CSP = `default-src 'none'; script-src 'self' 'sha256-${createHash('sha256').update(IMPORT_MAP).digest('base64')}'; connect-src 'none'; base-uri 'none'; form-action 'none'`;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>bothends webcrypto</title>
<script type="importmap">${IMPORT_MAP}</script>
<script type="module" src="${PAGE_MODULE}"></script></head><body></body></html>`;

/** The file a /node_modules/ path names, when it is a module of an allowed package. */
function packageFile(path: string): string | undefined {
  const file = normalize(join(NODE_MODULES, path.replace(/^\/node_modules\//, '')));
  const allowed = PACKAGES.some((name) => file.startsWith(join(NODE_MODULES, name) + sep));
  return allowed && file.endsWith('.js') && existsSync(file) && statSync(file).isFile() ? file : undefined;
}

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
    } else if (own && path.startsWith('/node_modules/') && packageFile(path)) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'content-security-policy': CSP, 'cache-control': 'no-store' });
      createReadStream(packageFile(path)!).pipe(res);
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
