import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Controller, ForbiddenException, Get, HttpException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { AuthGuard } from '../../src/auth/auth.guard.js';
import { AuthModule } from '../../src/auth/auth.module.js';
import { AuthService } from '../../src/auth/auth.service.js';
import { Public, Roles } from '../../src/auth/roles.decorator.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { loadConfig } from '../../src/config/config.js';

const config = loadConfig({ AUTH_TOKEN_SECRET: 'guard-test-secret-0123456789abcdefghij' });
const auth = new AuthService(config);
const guard = new AuthGuard(new Reflector(), auth);

class Routes {
  @Roles('agent', 'after_sales_manager') callbacks(): void {}
  @Public() health(): void {}
  forgotten(): void {}
}
@Roles('administrator')
class AdminRoutes {
  calendar(): void {}
  @Roles('operator') codec(): void {}
}

function context(controller: new () => object, handler: string, authorization?: string) {
  const headers: Record<string, string> = {};
  const req: Record<string, unknown> = { method: 'GET', path: `/${handler}`, headers: authorization === undefined ? {} : { authorization } };
  const res = { setHeader: (name: string, value: string) => (headers[name] = value) };
  const ctx = {
    getHandler: () => (controller.prototype as Record<string, unknown>)[handler],
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ExecutionContext;
  return { ctx, req, headers };
}

const bearer = (role: Parameters<AuthService['sign']>[0]['role'], sub = 'someone') => `Bearer ${auth.sign({ sub, role, days: 1 })}`;

function refusedWith(kind: abstract new (...args: never[]) => HttpException, message: RegExp, run: () => unknown): void {
  assert.throws(run, (err: unknown) => err instanceof kind && message.test((err.getResponse() as { message: string }).message));
}

describe('AuthGuard', () => {
  it('lets an allowed role through and puts the caller on the request', () => {
    const { ctx, req } = context(Routes, 'callbacks', bearer('agent', 'A-1001'));
    assert.equal(guard.canActivate(ctx), true);
    assert.deepEqual(req.caller, { id: 'A-1001', role: 'agent' });
  });

  it('refuses another role with 403 naming the allowed ones', () => {
    refusedWith(ForbiddenException, /^role sales_system may not GET \/callbacks; allowed roles: agent, after_sales_manager$/, () =>
      guard.canActivate(context(Routes, 'callbacks', bearer('sales_system')).ctx));
  });

  it('answers 401 with a WWW-Authenticate challenge without a token or with a bad one', () => {
    const missing = context(Routes, 'callbacks');
    refusedWith(UnauthorizedException, /credentials are missing/, () => guard.canActivate(missing.ctx));
    assert.equal(missing.headers['WWW-Authenticate'], 'Bearer realm="aftercare"');
    refusedWith(UnauthorizedException, /must be "Bearer <token>"/, () => guard.canActivate(context(Routes, 'callbacks', 'Token abc').ctx));
    refusedWith(UnauthorizedException, /must be "Bearer <token>"/, () => guard.canActivate(context(Routes, 'callbacks', 'Bearer a b').ctx));
    refusedWith(UnauthorizedException, /bearer token is refused: the token is not a JWT/, () => guard.canActivate(context(Routes, 'callbacks', 'Bearer abc').ctx));
  });

  it('lets anyone call a public route', () => {
    assert.equal(guard.canActivate(context(Routes, 'health').ctx), true);
  });

  it('fails closed on a route that declares no roles, even with a valid token', () => {
    refusedWith(ForbiddenException, /declares no roles; nobody may call it/, () => guard.canActivate(context(Routes, 'forgotten', bearer('administrator')).ctx));
  });

  it('takes the controller\'s roles, and a method\'s own roles over them', () => {
    assert.equal(guard.canActivate(context(AdminRoutes, 'calendar', bearer('administrator')).ctx), true);
    assert.equal(guard.canActivate(context(AdminRoutes, 'codec', bearer('operator')).ctx), true);
    assert.throws(() => guard.canActivate(context(AdminRoutes, 'codec', bearer('administrator')).ctx), ForbiddenException);
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
  @Module({ imports: [ConfigModule.forRoot(config), AuthModule], controllers: [UndeclaredController] })
  class AppWithAnUndeclaredRoute {}

  it('refuses to start an app with a route that declares neither @Roles() nor @Public(), naming it', async () => {
    const app = await NestFactory.create(AppWithAnUndeclaredRoute, { logger: false, abortOnError: false });
    await assert.rejects(app.init(), /routes without @Roles\(\) or @Public\(\), which nobody could call: GET \/undeclared \(UndeclaredController.list\)$/);
    await app.close().catch(() => undefined);
  });
});
