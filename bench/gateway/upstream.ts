// The upstream every target forwards to: answers a small JSON body on keep-alive connections.
import { createServer, type Server } from 'node:http';

const body = JSON.stringify({ data: [{ id: 'proj_bench', name: 'Bench' }], pagination: { total: 1 } });

/** Starts the upstream on 127.0.0.1:`port`. */
export function startUpstream(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
