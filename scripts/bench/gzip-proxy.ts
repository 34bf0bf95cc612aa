/**
 * A gzip layer in front of the test suite's static server (tests/e2e/static-server.ts), for
 * Lighthouse: any real static host compresses text, and Lighthouse's simulated slow network
 * charges every transferred byte, so measuring uncompressed files would blame the site for
 * the test server. Listens on 127.0.0.1 only.
 */
import { createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { type StaticSite, serveStatic } from '../../tests/e2e/static-server';

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml)|image\/svg\+xml)/;

function fetchUpstream(url: string): Promise<{ res: IncomingMessage; body: Buffer }> {
  return new Promise((ok, fail) => {
    // agent: false — no kept-alive socket holds the upstream server open at close.
    get(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ res, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    }).on('error', fail);
  });
}

export async function serveStaticGzip(root: string): Promise<StaticSite> {
  const upstream = await serveStatic(root);
  const server = createServer((req, res) => {
    fetchUpstream(`${upstream.url}${req.url ?? '/'}`)
      .then(({ res: up, body }) => {
        const type = String(up.headers['content-type'] ?? 'application/octet-stream');
        const gzip = COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
        const payload = gzip ? gzipSync(body) : body;
        res.writeHead(up.statusCode ?? 200, {
          'content-type': type,
          'content-length': payload.length,
          vary: 'accept-encoding',
          ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        });
        res.end(payload);
      })
      .catch((error: unknown) => {
        res.writeHead(502, { 'content-type': 'text/plain' }).end(`bench gzip proxy: ${String(error)}`);
      });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await upstream.close();
    },
  };
}
