// The baseline: express with http-proxy-middleware and nothing else.
import { Agent } from 'node:http';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';

const app = express();
app.use(
  createProxyMiddleware({
    target: process.env.UPSTREAM_URL,
    agent: new Agent({ keepAlive: true, maxSockets: 512 }),
  }),
);
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
server.keepAliveTimeout = 65_000;
