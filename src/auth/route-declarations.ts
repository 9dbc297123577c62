import { Injectable, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator.js';
import type { Role } from './roles.js';

/** One route of the app and who may call it: its roles, 'public', or 'undeclared' (refused to everyone). */
export interface RouteDeclaration {
  method: string;
  path: string;
  access: Role[] | 'public' | 'undeclared';
  handler: string;
}

const joinPath = (...parts: string[]): string =>
  '/' + parts.flatMap((part) => part.split('/')).filter((segment) => segment !== '').join('/');

/** Every route of the app's controllers with its declared access, read from the decorators. */
@Injectable()
export class RouteDeclarations {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  list(): RouteDeclaration[] {
    return this.discovery.getControllers().flatMap(({ metatype }) => {
      if (typeof metatype !== 'function') return [];
      const controller = metatype as new (...args: never[]) => object;
      const prefixes = [this.reflector.get<string | string[] | undefined>(PATH_METADATA, controller) ?? ''].flat();
      return this.scanner.getAllMethodNames(controller.prototype as object).flatMap((name) => {
        const handler = (controller.prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        const paths = this.reflector.get<string | string[] | undefined>(PATH_METADATA, handler);
        if (paths === undefined) return [];
        const method = RequestMethod[this.reflector.get<RequestMethod>(METHOD_METADATA, handler)];
        const targets = [handler, controller];
        const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
        const access: RouteDeclaration['access'] = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)
          ? 'public'
          : roles && roles.length > 0
            ? roles
            : 'undeclared';
        return prefixes.flatMap((prefix) =>
          [paths].flat().map((path) => ({ method, path: joinPath(prefix, path), access, handler: `${controller.name}.${name}` })),
        );
      });
    });
  }
}
