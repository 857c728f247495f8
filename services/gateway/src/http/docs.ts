import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Dialect } from '@sightline/errors';
import express, { type Express } from 'express';
import { openApiDocument } from './openapi.js';

// The docs page runs Swagger UI from the installed package: nothing is fetched from elsewhere.
// Only its files are served; importing the package would load its browser bundle into the
// gateway's heap (about 10 MB that every major collection then marks, on the request path).
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const DOCS_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sightline API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    urls: [
      { url: '/v1/openapi.json', name: 'Public API v1' },
      { url: '/api/v1/openapi.json', name: 'Platform API' }
    ],
    dom_id: '#swagger-ui',
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout'
  });
});
`;

/** `/v1/openapi.json`, `/api/v1/openapi.json`, and `/docs` rendering both. */
export function registerDocsRoutes(app: Express, version: string): void {
  const documents: Record<Dialect, string> = {
    v1: JSON.stringify(openApiDocument('v1', version)),
    platform: JSON.stringify(openApiDocument('platform', version)),
  };
  app.get('/v1/openapi.json', (_req, res) => {
    res.type('application/json').send(documents.v1);
  });
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.type('application/json').send(documents.platform);
  });
  app.get(['/docs', '/docs/'], (_req, res) => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    res.type('html').send(PAGE);
  });
  app.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  app.use('/docs/assets', express.static(SWAGGER_UI_DIR, { index: false, maxAge: '1h' }));
}
