import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService, TOKEN_VERIFIER } from './auth.service.js';
import { RouteDeclarations } from './route-declarations.js';
import { SessionsService } from './sessions.service.js';
import { SignInService } from './sign-in.service.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { SharedSecretVerifier, type TokenVerifier } from './token.js';
import { TokenSubjects } from './token-subjects.js';

/**
 * Who calls: bearer tokens (service accounts) and the session cookies of signed-in people, and the role checks of
 * every route; the app does not start with a route that declares no roles.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [AuthController],
  providers: [
    // The one place an external identity provider's verifier would be chosen instead (README, "Service accounts and tokens").
    { provide: TOKEN_VERIFIER, inject: [APP_CONFIG], useFactory: (config: AppConfig): TokenVerifier => new SharedSecretVerifier(config.AUTH_TOKEN_SECRET, config.COMPANY_TIME_ZONE) },
    AuthService,
    SessionsService,
    SignInThrottle,
    SignInService,
    TokenSubjects,
    RouteDeclarations,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, SessionsService, SignInService, RouteDeclarations],
})
export class AuthModule implements OnModuleInit {
  constructor(private readonly routes: RouteDeclarations) {}

  onModuleInit(): void {
    const undeclared = this.routes.list().filter((route) => route.access === 'undeclared');
    if (undeclared.length > 0) {
      const names = undeclared.map((route) => `${route.method} ${route.path} (${route.handler})`).join(', ');
      throw new Error(`routes without @Roles() or @Public(), which nobody could call: ${names}`);
    }
  }
}
