import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { issueToken } from '../../src/auth/auth.service.js';
import { RouteDeclarations, type RouteDeclaration } from '../../src/auth/route-declarations.js';
import { ROLES, type Role } from '../../src/auth/roles.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { TEST_TOKEN_SECRET, tokenOf } from '../support/tokens.js';

const STAFF: Role[] = ['agent', 'department_owner', 'after_sales_manager', 'general_manager', 'administrator'];
const CASE: Role[] = ['agent', 'department_owner', 'after_sales_manager', 'general_manager'];
const REPORT_READERS: Role[] = ['after_sales_manager', 'general_manager', 'department_owner'];

/** Who may call what: the role table of the README. A route added without a row here fails this test. */
const ROLE_MAP: Record<string, Role[] | 'public'> = {
  'POST /sales': ['sales_system'],
  'GET /sales/:saleId': ['sales_system', ...STAFF],
  'PATCH /sales/:saleId': ['sales_system'],
  'POST /sales/:saleId/cancellation': ['sales_system'],
  'GET /callbacks': ['agent', 'after_sales_manager'],
  'POST /callbacks/:callbackId/claim': ['agent'],
  'POST /callbacks/:callbackId/results': ['agent'],
  'GET /leads': ['sales_system', 'after_sales_manager', 'general_manager'],
  'GET /feedback-cases': [...CASE, 'administrator'],
  'GET /feedback-cases/:caseNo': [...CASE, 'administrator'],
  'POST /feedback-cases/:caseNo/assignment': CASE,
  'POST /feedback-cases/:caseNo/analysis': CASE,
  'POST /feedback-cases/:caseNo/completion': CASE,
  'POST /feedback-cases/:caseNo/verification': CASE,
  'POST /feedback-cases/:caseNo/revisit': CASE,
  'GET /archive': CASE,
  'GET /customers/:customerId/archive': CASE,
  'GET /calendar': [...ROLES],
  'GET /calendar/business-days': [...ROLES],
  'PUT /calendar/years/:year': ['administrator'],
  'GET /reports': REPORT_READERS,
  'GET /reports/:kind/:label': REPORT_READERS,
  'GET /reports/:kind/:label/csv': REPORT_READERS,
  'GET /reports/:kind/:label/trend.svg': REPORT_READERS,
  'POST /reports/:kind/:label/approval': ['after_sales_manager', 'general_manager'],
  'GET /health': 'public',
  'POST /codec/decode': ['operator'],
  'POST /codec/encode': ['operator'],
  'GET /codec/session': 'public',
  'POST /codec/session': 'public',
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hs256 = (input: string, secret: string) => createHmac('sha256', secret).update(input).digest('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Authorization headers that must all be refused with 401, whatever the route. */
function refusedCredentials(): [string, string][] {
  const payload = b64({ sub: 'mgr.chen', role: 'after_sales_manager', iat: now() });
  const valid = tokenOf({ role: 'agent', id: 'A-1001' });
  const [header, , signature] = valid.split('.');
  return [
    ['garbage', 'Bearer not-a-token'],
    ['another scheme', `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['a bare token without Bearer', valid],
    ['an expired token', `Bearer ${issueToken(TEST_TOKEN_SECRET, { sub: 'A-1001', role: 'agent', days: 1 }, Date.now() - 2 * 86_400_000)}`],
    ['a token signed with another secret', `Bearer ${issueToken('someone-elses-secret-0123456789abcdef', { sub: 'A-1001', role: 'administrator' })}`],
    ['a token signed with the development secret', `Bearer ${issueToken('aftercare-development-token-secret-not-for-production', { sub: 'A-1001', role: 'administrator' })}`],
    ['a token whose payload was changed after signing', `Bearer ${header}.${payload}.${signature}`],
    ['alg none', `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`],
    ['alg HS512', `Bearer ${b64({ alg: 'HS512', typ: 'JWT' })}.${payload}.${hs256(`${b64({ alg: 'HS512', typ: 'JWT' })}.${payload}`, TEST_TOKEN_SECRET)}`],
    ['a role that does not exist', (() => {
      const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'x', role: 'root', iat: now() })}`;
      return `Bearer ${input}.${hs256(input, TEST_TOKEN_SECRET)}`;
    })()],
  ];
}

/** Routes Express serves that are not the app's controllers: the OpenAPI UI and document, and Nest's 404 handler. */
const notControllers = (path: string) => path === '/docs' || path.startsWith('/docs/') || path === '/docs-yaml' || path === '/{*all}';

describe('every route declares its roles, and the guard enforces them', () => {
  let app: NestExpressApplication;
  let base: string;
  let declared: RouteDeclaration[];

  before(async () => {
    ({ app, base } = await startApiWithoutTemporal());
    declared = app.get(RouteDeclarations).list();
  });
  after(async () => {
    await app?.close();
  });

  const key = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
  const call = (route: RouteDeclaration, authorization?: string) =>
    // A path value no route accepts: allowed callers stop at validation or lookup instead of waiting for Temporal.
    fetch(`${base}${route.path.replace(/:[A-Za-z]+/g, '!')}`, {
      method: route.method,
      headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
      ...(route.method === 'GET' ? {} : { body: '{}' }),
    });

  it('the routes Express serves are the routes the decorators declare, and both are the role map', () => {
    const router = (app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
    // Middleware bound to a route (the codec's CORS, which answers its preflight) shows up as a route of its own.
    const served = new Set(
      router.stack
        .flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`) : []))
        .filter((route) => !notControllers(route.split(' ')[1]!) && !route.startsWith('OPTIONS ')),
    );
    assert.deepEqual([...served].sort(), declared.map(key).sort());
    assert.deepEqual(declared.map(key).sort(), Object.keys(ROLE_MAP).sort());
    for (const route of declared) {
      const expected = ROLE_MAP[key(route)]!;
      assert.deepEqual(route.access === 'public' ? 'public' : [...route.access].sort(), expected === 'public' ? 'public' : [...expected].sort(), key(route));
    }
  });

  it('answers 401 on every non-public route without credentials, naming what is missing', async () => {
    for (const route of declared.filter((r) => r.access !== 'public')) {
      const res = await call(route);
      assert.equal(res.status, 401, key(route));
      assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="aftercare"');
      const body = (await res.json()) as { message: string };
      assert.match(body.message, /credentials are missing: send Authorization: Bearer <token>/, key(route));
    }
  });

  it('answers 401 on every non-public route to a malformed, forged, expired or tampered token', async () => {
    const credentials = refusedCredentials();
    for (const route of declared.filter((r) => r.access !== 'public')) {
      for (const [what, authorization] of credentials) {
        const res = await call(route, authorization);
        assert.equal(res.status, 401, `${key(route)} with ${what}`);
        assert.match(((await res.json()) as { message: string }).message, /bearer token is refused|Authorization header must be/, `${key(route)} with ${what}`);
      }
    }
  });

  it('answers 403 on every route to each role it does not allow, and lets each allowed role past the guard', async () => {
    let refused = 0;
    for (const route of declared.filter((r) => r.access !== 'public')) {
      const allowed = route.access as Role[];
      for (const role of ROLES) {
        const res = await call(route, `Bearer ${tokenOf({ role, id: 'someone' })}`);
        const body = (await res.json()) as { message: string };
        if (allowed.includes(role)) {
          assert.ok(![401, 403].includes(res.status), `${key(route)} as ${role}: ${res.status} ${body.message}`);
        } else {
          assert.equal(res.status, 403, `${key(route)} as ${role}`);
          assert.match(body.message, new RegExp(`^role ${role} may not ${route.method} .*; allowed roles: ${allowed.join(', ')}$`));
          refused += 1;
        }
      }
    }
    assert.ok(refused > 50, `only ${refused} refusals`);
  });

  it('serves the public routes, the OpenAPI UI and document without a token', async () => {
    for (const route of declared.filter((r) => r.access === 'public')) {
      const status = (await call(route)).status;
      // `{}` is not a body the public POST (the codec session) accepts: it gets as far as validation.
      assert.ok([200, 503].includes(status) || (route.method === 'POST' && status === 400), `${key(route)}: ${status}`);
    }
    assert.equal((await fetch(`${base}/docs`)).status, 200);
    assert.equal((await fetch(`${base}/docs/openapi.json`)).status, 200);
  });

  it('documents each operation\'s roles and the bearer scheme in the OpenAPI document', async () => {
    const document = (await (await fetch(`${base}/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { 'x-roles'?: string[]; security?: Record<string, string[]>[]; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
    };
    assert.deepEqual(document.components.securitySchemes.bearer, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'HS256 token with sub (who) and role' });
    for (const route of declared) {
      const op = document.paths[route.path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()];
      assert.ok(op, `${key(route)} is not in the document`);
      if (route.access === 'public') {
        assert.deepEqual(op['x-roles'], []);
        assert.equal(op.security, undefined);
      } else {
        assert.deepEqual(op['x-roles'], route.access);
        assert.deepEqual(op.security, [{ bearer: [] }]);
        assert.ok(op.responses['401'] && op.responses['403'], key(route));
      }
    }
  });
});
