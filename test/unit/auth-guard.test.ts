import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Controller, ForbiddenException, Get, HttpException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { AuthGuard } from '../../src/auth/auth.guard.js';
import { AuthModule } from '../../src/auth/auth.module.js';
import { AuthService, issueToken } from '../../src/auth/auth.service.js';
import { CsrfExempt, Public, Roles } from '../../src/auth/roles.decorator.js';
import type { Role } from '../../src/auth/roles.js';
import { Session } from '../../src/auth/session.entity.js';
import { SessionRefused, type SessionsService } from '../../src/auth/sessions.service.js';
import { SharedSecretVerifier } from '../../src/auth/token.js';
import type { TokenSubjects } from '../../src/auth/token-subjects.js';
import { systemClock } from '../../src/common/clock.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { loadConfig } from '../../src/config/config.js';
import { ormConfig } from '../../src/database/orm-config.js';
import { Person } from '../../src/directory/person.entity.js';

const SECRET = 'guard-test-secret-0123456789abcdefghij';
const config = loadConfig({ AUTH_TOKEN_SECRET: SECRET });
const auth = new AuthService(new SharedSecretVerifier(SECRET));

/** The sessions the mock knows: cookie token -> its person's roles; any other token is unknown. */
const CSRF = 'the-csrf-token-of-the-session';
const people: Record<string, Role[]> = { 'cookie-of-chen': ['after_sales_manager', 'agent'], 'cookie-of-ops': ['operator'] };
const cleared: string[] = [];
const sessions = {
  resolve: async (token: string) => {
    const roles = people[token];
    if (!roles) throw new SessionRefused('unknown');
    const now = new Date();
    const session = new Session({ id: 'a'.repeat(64), personId: 'mgr.chen', csrfToken: CSRF, createdAt: now, expiresAt: new Date(now.getTime() + 60_000) });
    return { session, person: new Person({ id: 'mgr.chen', displayName: '陈经理', roles }) };
  },
  csrfMatches: (session: Session, header: unknown) => header === session.csrfToken,
  cookieOptions: () => ({}),
} as unknown as SessionsService;
/** The directory as the mock knows it: one deactivated person; everyone else active or a service account. */
const subjects = { deactivated: async (id: string) => id === 'left.company' } as unknown as TokenSubjects;
const guard = new AuthGuard(new Reflector(), auth, sessions, subjects, systemClock);

class Routes {
  @Roles('agent', 'after_sales_manager') callbacks(): void {}
  @Roles('agent') claim(): void {}
  @Roles('general_manager') approve(): void {}
  @Public() health(): void {}
  forgotten(): void {}
}
@Roles('administrator')
class AdminRoutes {
  calendar(): void {}
  @Roles('operator') codec(): void {}
  @Roles('operator') @CsrfExempt() decode(): void {}
}

function context(controller: new () => object, handler: string, { authorization, cookie, method = 'GET', csrf }: { authorization?: string; cookie?: string; method?: string; csrf?: string } = {}) {
  const headers: Record<string, string> = {};
  const req: Record<string, unknown> = {
    method,
    path: `/${handler}`,
    headers: { ...(authorization === undefined ? {} : { authorization }), ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }) },
    cookies: cookie === undefined ? {} : { aftercare_session: cookie },
  };
  const res = { setHeader: (name: string, value: string) => (headers[name] = value), clearCookie: (name: string) => cleared.push(name) };
  const ctx = {
    getHandler: () => (controller.prototype as Record<string, unknown>)[handler],
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ExecutionContext;
  return { ctx, req, headers };
}

const bearer = async (role: Role, sub = 'someone') => ({ authorization: `Bearer ${await issueToken(SECRET, { sub, role, days: 1 })}` });

async function refusedWith(kind: abstract new (...args: never[]) => HttpException, message: RegExp, run: () => Promise<unknown>): Promise<void> {
  await assert.rejects(run, (err: unknown) => err instanceof kind && message.test((err.getResponse() as { message: string }).message));
}

describe('AuthGuard with bearer tokens', () => {
  it('lets an allowed role through and puts the caller on the request', async () => {
    const { ctx, req } = context(Routes, 'callbacks', await bearer('agent', 'A-1001'));
    assert.equal(await guard.canActivate(ctx), true);
    assert.deepEqual(req.caller, { id: 'A-1001', role: 'agent', roles: ['agent'] });
  });

  it('refuses another role with 403 naming the allowed ones', async () => {
    const { ctx } = context(Routes, 'callbacks', await bearer('sales_system'));
    await refusedWith(ForbiddenException, /^role sales_system may not GET \/callbacks; allowed roles: agent, after_sales_manager$/, () => guard.canActivate(ctx));
  });

  it('answers 401 with a WWW-Authenticate challenge without credentials or with a bad token', async () => {
    const missing = context(Routes, 'callbacks');
    await refusedWith(UnauthorizedException, /credentials are missing: send Authorization: Bearer <token> .* or sign in with POST \/auth\/login/, () => guard.canActivate(missing.ctx));
    assert.equal(missing.headers['WWW-Authenticate'], 'Bearer realm="aftercare"');
    await refusedWith(UnauthorizedException, /must be "Bearer <token>"/, () => guard.canActivate(context(Routes, 'callbacks', { authorization: 'Token abc' }).ctx));
    await refusedWith(UnauthorizedException, /must be "Bearer <token>"/, () => guard.canActivate(context(Routes, 'callbacks', { authorization: 'Bearer a b' }).ctx));
    await refusedWith(UnauthorizedException, /bearer token is refused: the token is not a JWT/, () => guard.canActivate(context(Routes, 'callbacks', { authorization: 'Bearer abc' }).ctx));
  });

  it('refuses the token of a person deactivated in the directory with 401, whatever its role and expiry', async () => {
    const { ctx, headers } = context(Routes, 'callbacks', await bearer('agent', 'left.company'));
    await refusedWith(UnauthorizedException, /^the bearer token is refused: left\.company is deactivated in the staff directory$/, () => guard.canActivate(ctx));
    assert.equal(headers['WWW-Authenticate'], 'Bearer realm="aftercare"');
  });

  it('needs no CSRF token from a bearer caller, and ignores a cookie next to the header', async () => {
    const { ctx, req } = context(Routes, 'claim', { ...(await bearer('agent', 'A-1001')), method: 'POST', cookie: 'cookie-of-chen' });
    assert.equal(await guard.canActivate(ctx), true);
    assert.deepEqual(req.caller, { id: 'A-1001', role: 'agent', roles: ['agent'] });
  });

  it('lets anyone call a public route', async () => {
    assert.equal(await guard.canActivate(context(Routes, 'health').ctx), true);
  });

  it('fails closed on a route that declares no roles, even with a valid token', async () => {
    const { ctx } = context(Routes, 'forgotten', await bearer('administrator'));
    await refusedWith(ForbiddenException, /declares no roles; nobody may call it/, () => guard.canActivate(ctx));
  });

  it('takes the controller\'s roles, and a method\'s own roles over them', async () => {
    assert.equal(await guard.canActivate(context(AdminRoutes, 'calendar', await bearer('administrator')).ctx), true);
    assert.equal(await guard.canActivate(context(AdminRoutes, 'codec', await bearer('operator')).ctx), true);
    await assert.rejects(guard.canActivate(context(AdminRoutes, 'codec', await bearer('administrator')).ctx), ForbiddenException);
  });
});

describe('AuthGuard with the session cookie', () => {
  it('acts in the first of the person\'s roles that the route allows, keeping all of them', async () => {
    const manager = context(Routes, 'callbacks', { cookie: 'cookie-of-chen' });
    assert.equal(await guard.canActivate(manager.ctx), true);
    assert.deepEqual(manager.req.caller, { id: 'mgr.chen', role: 'after_sales_manager', roles: ['after_sales_manager', 'agent'] });
    const agent = context(Routes, 'claim', { cookie: 'cookie-of-chen', method: 'POST', csrf: CSRF });
    assert.equal(await guard.canActivate(agent.ctx), true);
    assert.deepEqual(agent.req.caller, { id: 'mgr.chen', role: 'agent', roles: ['after_sales_manager', 'agent'] });
  });

  it('refuses a person none of whose roles the route allows, naming them', async () => {
    await refusedWith(ForbiddenException, /^roles after_sales_manager, agent may not GET \/approve; allowed roles: general_manager$/, () =>
      guard.canActivate(context(Routes, 'approve', { cookie: 'cookie-of-chen' }).ctx));
  });

  it('refuses a state-changing request without the CSRF header or with another token, and takes it with the right one', async () => {
    for (const csrf of [undefined, 'wrong', `${CSRF}x`]) {
      await refusedWith(ForbiddenException, /must send the header X-CSRF-Token/, () =>
        guard.canActivate(context(Routes, 'claim', { cookie: 'cookie-of-chen', method: 'POST', ...(csrf === undefined ? {} : { csrf }) }).ctx));
    }
    assert.equal(await guard.canActivate(context(Routes, 'claim', { cookie: 'cookie-of-chen', method: 'POST', csrf: CSRF }).ctx), true);
    assert.equal(await guard.canActivate(context(Routes, 'callbacks', { cookie: 'cookie-of-chen', method: 'GET' }).ctx), true);
  });

  it('needs no CSRF header on a route that changes nothing (the codec)', async () => {
    assert.equal(await guard.canActivate(context(AdminRoutes, 'decode', { cookie: 'cookie-of-ops', method: 'POST' }).ctx), true);
    await assert.rejects(guard.canActivate(context(AdminRoutes, 'codec', { cookie: 'cookie-of-ops', method: 'POST' }).ctx), ForbiddenException);
  });

  it('answers 401 and clears the cookie for a session that is not live', async () => {
    cleared.length = 0;
    await refusedWith(UnauthorizedException, /^the session is not known .*: sign in again with POST \/auth\/login$/, () =>
      guard.canActivate(context(Routes, 'callbacks', { cookie: 'stolen-or-ended' }).ctx));
    assert.deepEqual(cleared, ['aftercare_session']);
  });
});

describe('AuthModule at start', () => {
  @Controller('undeclared')
  class UndeclaredController {
    @Get() list(): string {
      return 'open';
    }
    @Get('fine') @Roles('agent') fine(): string {
      return 'fine';
    }
  }
  // MikroORM connects on first use: nothing here needs a database.
  @Module({ imports: [ConfigModule.forRoot(config), MikroOrmModule.forRoot(ormConfig('postgres://nobody@127.0.0.1:1/none')), AuthModule], controllers: [UndeclaredController] })
  class AppWithAnUndeclaredRoute {}

  it('refuses to start an app with a route that declares neither @Roles() nor @Public(), naming it', async () => {
    const app = await NestFactory.create(AppWithAnUndeclaredRoute, { logger: false, abortOnError: false });
    await assert.rejects(app.init(), /routes without @Roles\(\) or @Public\(\), which nobody could call: GET \/undeclared \(UndeclaredController.list\)$/);
    await app.close().catch(() => undefined);
  });
});
