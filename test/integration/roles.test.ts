import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { RouteDeclarations, type RouteDeclaration } from '../../src/auth/route-declarations.js';
import { ROLES, type Role } from '../../src/auth/roles.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { uniqueId } from '../support/fixtures.js';
import { addPerson, signIn } from '../support/people.js';
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
  'GET /callbacks/:callbackId/call-sheet': ['agent'],
  'GET /calls': ['agent', 'after_sales_manager'],
  'POST /calls/:saleId/claim': ['agent'],
  'GET /call-scripts': ['agent', 'after_sales_manager', 'administrator'],
  'GET /call-scripts/:kind': ['agent', 'after_sales_manager', 'administrator'],
  'PUT /call-scripts/:kind': ['administrator'],
  'GET /contact-access-log': ['administrator'],
  'GET /leads': ['sales_system', 'after_sales_manager', 'general_manager', 'sales_owner'],
  'GET /feedback-cases': [...CASE, 'administrator'],
  'GET /feedback-cases/:caseNo': [...CASE, 'administrator'],
  'POST /feedback-cases/:caseNo/assignment': CASE,
  'POST /feedback-cases/:caseNo/analysis': CASE,
  'POST /feedback-cases/:caseNo/completion': CASE,
  'POST /feedback-cases/:caseNo/verification': CASE,
  'POST /feedback-cases/:caseNo/revisit': CASE,
  'GET /feedback-cases/:caseNo/revisit-sheet': ['agent'],
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
  'GET /notifications': [...ROLES],
  'GET /notifications/unread-count': [...ROLES],
  'POST /notifications/:id/read': [...ROLES],
  'GET /notifications/deliveries': ['administrator'],
  'POST /notifications/deliveries/redelivery': ['administrator'],
  'GET /health': 'public',
  'GET /case-owners': ['after_sales_manager', 'general_manager'],
  'GET /app': 'public',
  'GET /app/{*path}': 'public',
  'POST /codec/decode': ['operator'],
  'POST /codec/encode': ['operator'],
  'GET /codec/sign-in': 'public',
  'POST /auth/login': 'public',
  'GET /auth/session': 'public',
  'POST /auth/logout': 'public',
  'POST /auth/password': [...ROLES],
  ...Object.fromEntries(
    [
      'GET /directory/people',
      'POST /directory/people',
      'GET /directory/people/:personId',
      'PATCH /directory/people/:personId',
      'POST /directory/people/:personId/deactivation',
      'POST /directory/people/:personId/activation',
      'PUT /directory/people/:personId/password',
      'GET /directory/departments',
      'POST /directory/departments',
      'GET /directory/departments/:code',
      'PATCH /directory/departments/:code',
    ].map((route) => [route, ['administrator'] as Role[]]),
  ),
};

/** What a public route answers without credentials, to a request with the body `{}`. */
const PUBLIC_ANSWERS: Record<string, number[]> = {
  'GET /health': [200, 503],
  'GET /codec/sign-in': [200],
  'POST /auth/login': [400],
  'GET /auth/session': [401],
  'POST /auth/logout': [204],
  // The workspace's page (npm test builds web/dist before the tests run).
  'GET /app': [200],
  'GET /app/{*path}': [200],
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hs256 = (input: string, secret: string) => createHmac('sha256', secret).update(input).digest('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Authorization headers that must all be refused with 401, whatever the route. */
function refusedCredentials(): [string, string][] {
  const payload = b64({ sub: 'mgr.chen', role: 'after_sales_manager', iat: now(), exp: now() + 3600 });
  const valid = tokenOf({ role: 'agent', id: 'A-1001' });
  const [header, , signature] = valid.split('.');
  const administrator = { role: 'administrator' as const, id: 'A-1001' };
  return [
    ['garbage', 'Bearer not-a-token'],
    ['another scheme', `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['a bare token without Bearer', valid],
    ['an expired token', `Bearer ${tokenOf({ role: 'agent', id: 'A-1001' }, TEST_TOKEN_SECRET, Date.now() - 2 * 86_400_000)}`],
    ['a token without exp', (() => {
      const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'admin', role: 'administrator', iat: now() })}`;
      return `Bearer ${input}.${hs256(input, TEST_TOKEN_SECRET)}`;
    })()],
    ['a token signed with another secret', `Bearer ${tokenOf(administrator, 'someone-elses-secret-0123456789abcdef')}`],
    ['a token signed with the development secret', `Bearer ${tokenOf(administrator, 'aftercare-development-token-secret-not-for-production')}`],
    ['a token whose payload was changed after signing', `Bearer ${header}.${payload}.${signature}`],
    ['alg none', `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`],
    ['alg HS512', `Bearer ${b64({ alg: 'HS512', typ: 'JWT' })}.${payload}.${hs256(`${b64({ alg: 'HS512', typ: 'JWT' })}.${payload}`, TEST_TOKEN_SECRET)}`],
    ['a role that does not exist', (() => {
      const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'x', role: 'root', iat: now(), exp: now() + 3600 })}`;
      return `Bearer ${input}.${hs256(input, TEST_TOKEN_SECRET)}`;
    })()],
  ];
}

/**
 * Routes Express serves that are not the app's controllers: the OpenAPI UI and document, Nest's 404 handler, and the
 * request logger's middleware, which Nest binds to every path.
 */
const notControllers = (path: string) =>
  path === '/docs' || path.startsWith('/docs/') || path === '/docs-yaml' || path === '/{*all}' || path === '{/*splat}';

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
  const call = (route: RouteDeclaration, authorization?: string, headers: Record<string, string> = {}) =>
    // A path value no route accepts: allowed callers stop at validation or lookup instead of waiting for Temporal.
    fetch(`${base}${route.path.replace(/:[A-Za-z]+/g, '!')}`, {
      method: route.method,
      headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }), ...headers },
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

  it('lets a signed-in person with every role past the guard on every route, state-changing ones only with the CSRF header', async () => {
    const id = uniqueId('everyone');
    await addPerson(base, { id, displayName: 'Everyone', roles: [...ROLES] }, 'every role, one password');
    const { cookie, csrfToken } = await signIn(base, id, 'every role, one password');
    // The codec's transformations change nothing and the Temporal UI cannot send the header.
    const csrfExempt = new Set(['POST /codec/decode', 'POST /codec/encode']);
    let refused = 0;
    for (const route of declared.filter((r) => r.access !== 'public')) {
      const res = await call(route, undefined, { cookie });
      const body = (await res.json()) as { message: string };
      if (route.method === 'GET' || csrfExempt.has(key(route))) {
        assert.ok(![401, 403].includes(res.status), `${key(route)} by cookie: ${res.status} ${body.message}`);
        continue;
      }
      assert.equal(res.status, 403, `${key(route)} by cookie without X-CSRF-Token`);
      assert.match(body.message, /must send the header X-CSRF-Token/);
      refused += 1;
      const withToken = await call(route, undefined, { cookie, 'x-csrf-token': csrfToken });
      assert.ok(![401, 403].includes(withToken.status), `${key(route)} by cookie with X-CSRF-Token: ${withToken.status}`);
      assert.equal((await call(route, undefined, { cookie, 'x-csrf-token': csrfToken.slice(1) })).status, 403, key(route));
    }
    assert.ok(refused >= 15, `only ${refused} state-changing routes`);
  });

  it('refuses a signed-in person on the routes none of their roles allows', async () => {
    const id = uniqueId('seller');
    await addPerson(base, { id, displayName: '李雷', roles: ['sales_owner'] }, 'a sales owner password');
    const { cookie } = await signIn(base, id, 'a sales owner password');
    for (const route of declared.filter((r) => r.access !== 'public')) {
      const allowed = (route.access as Role[]).includes('sales_owner');
      const res = await call(route, undefined, { cookie });
      if (!allowed) {
        assert.equal(res.status, 403, key(route));
        assert.match(((await res.json()) as { message: string }).message, /^role sales_owner may not /);
      } else if (route.method === 'GET') assert.ok(![401, 403].includes(res.status), key(route));
    }
  });

  it('serves the public routes, the OpenAPI UI and document without a token', async () => {
    for (const route of declared.filter((r) => r.access === 'public')) {
      const status = (await call(route)).status;
      assert.ok(PUBLIC_ANSWERS[key(route)]?.includes(status), `${key(route)}: ${status}`);
    }
    assert.equal((await fetch(`${base}/docs`)).status, 200);
    assert.equal((await fetch(`${base}/docs/openapi.json`)).status, 200);
  });

  it('documents each operation\'s roles and the bearer scheme in the OpenAPI document', async () => {
    const document = (await (await fetch(`${base}/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { 'x-roles'?: string[]; security?: Record<string, string[]>[]; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, Record<string, string>> };
    };
    assert.deepEqual(document.components.securitySchemes.bearer, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'HS256 token with sub (who) and role' });
    assert.deepEqual(document.components.securitySchemes.session, { type: 'apiKey', in: 'cookie', name: 'aftercare_session', description: 'the session of a person signed in with POST /auth/login' });
    for (const route of declared) {
      // Express's :param and {*wildcard} are OpenAPI's {param}.
      const op = document.paths[route.path.replace(/:([A-Za-z]+)/g, '{$1}').replace(/\{\*([A-Za-z]+)\}/g, '{$1}')]?.[route.method.toLowerCase()];
      assert.ok(op, `${key(route)} is not in the document`);
      if (route.access === 'public') {
        assert.deepEqual(op['x-roles'], []);
        assert.equal(op.security, undefined);
      } else {
        assert.deepEqual(op['x-roles'], route.access);
        assert.deepEqual(op.security, [{ bearer: [] }, { session: [] }]);
        assert.ok(op.responses['401'] && op.responses['403'], key(route));
      }
    }
  });
});
