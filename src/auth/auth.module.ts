import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { RouteDeclarations } from './route-declarations.js';

/** Bearer-token authentication and role checks for every route; the app does not start with a route that declares no roles. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [AuthService, RouteDeclarations, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, RouteDeclarations],
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
