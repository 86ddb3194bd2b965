import type Router from '@koa/router';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
// The path helper alone: the package's index evaluates the whole browser bundle (~0.3 s of every start).
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path.js';

const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']);

// No inline script, so the page's policy can say `script-src 'self'`.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Conversion Graph API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });\n`;

/**
 * The page's own policy, replacing the API's `default-src 'none'`: Swagger UI loads its files
 * and the document from this origin and styles its elements inline; it uses data: images.
 */
const PAGE_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "connect-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/** `/openapi.json` and human docs at `/docs` (Swagger UI served from the installed package, no CDN). */
export function docsRoutes(router: Router, document: () => object): void {
  let cached: object | undefined;
  router.get('/openapi.json', (ctx) => {
    ctx.state.routeTemplate = '/openapi.json';
    cached ??= document();
    ctx.body = cached;
  });
  router.get('/docs', (ctx) => {
    ctx.state.routeTemplate = '/docs';
    ctx.type = 'text/html';
    ctx.set('Content-Security-Policy', PAGE_CSP);
    ctx.body = PAGE;
  });
  router.get('/docs/init.js', (ctx) => {
    ctx.state.routeTemplate = '/docs/init.js';
    ctx.type = 'application/javascript';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = INIT;
  });
  router.get('/docs/:asset', async (ctx, next) => {
    ctx.state.routeTemplate = '/docs/:asset';
    const asset = ctx.params.asset ?? '';
    if (!ASSETS.has(asset)) return next();
    ctx.type = asset.endsWith('.css') ? 'text/css' : 'application/javascript';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = await readFile(join(getAbsoluteFSPath(), asset));
  });
}
