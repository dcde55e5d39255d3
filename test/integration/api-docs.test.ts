// The API documentation a person can read: Swagger UI at /api/docs from the installed
// swagger-ui-dist (no CDN), the document at /api/openapi.json, and every mounted route in it.
import express from 'express';
import { openApiDocument, UNDOCUMENTED } from '../../server/openapi';
import { features } from '../../server/features';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

type Doc = { paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>> };

/** Every method + path the features mount, in OpenAPI's spelling (`:id` → `{id}`). */
function mountedRoutes(): string[] {
  const router = express.Router();
  for (const f of features) f.routes?.(router, server.ctx);
  const out = new Set<string>();
  for (const layer of router.stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) {
      out.add(`${method.toUpperCase()} ${String(layer.route.path).replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return [...out].sort();
}

test('every mounted route is in the OpenAPI document (or listed as a page, not an API)', () => {
  const doc = openApiDocument() as Doc;
  const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
  const missing = mountedRoutes().filter((r) => !documented.has(r) && !UNDOCUMENTED.includes(r));
  expect(missing).toEqual([]);
});

test('every POST has its request body and every operation its responses', () => {
  const doc = openApiDocument() as Doc;
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      expect({ path, method, responses: Object.keys(op.responses).length >= 1 }).toEqual({ path, method, responses: true });
      if (method === 'post')
        expect({ path, body: !!op.requestBody, invalid: !!op.responses['400'] }).toEqual({ path, body: true, invalid: true });
    }
  }
  expect(doc.paths['/api/reception/chat']?.get).toBeDefined();
});

test('/api/docs is an interactive page served from the package, /api/openapi.json the document', async () => {
  const page = await server.session().request('GET', '/api/docs');
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  expect(page.text).toContain('swagger-ui');
  expect(page.text).not.toMatch(/https?:\/\/(cdn|unpkg)/);
  const scripts = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((u) => u.startsWith('/'));
  expect(scripts.length).toBeGreaterThanOrEqual(3);
  for (const asset of scripts)
    expect({ asset, status: (await server.session().request('GET', asset)).status }).toEqual({ asset, status: 200 });
  const json = await server.session().request('GET', '/api/openapi.json');
  expect(json.status).toBe(200);
  expect(json.body.openapi).toBe('3.1.0');
});
