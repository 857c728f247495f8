// A floor for any Node proxy: http-proxy-middleware on a plain node:http server, no framework.
import { Agent, createServer } from 'node:http';
import { createProxyMiddleware } from 'http-proxy-middleware';

const proxy = createProxyMiddleware({
  target: process.env.UPSTREAM_URL,
  agent: new Agent({ keepAlive: true, maxSockets: 512 }),
});
const server = createServer((req, res) =>
  proxy(req, res, () => {
    res.statusCode = 404;
    res.end();
  }),
);
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
