import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';

/**
 * The Temporal UI calls the codec from the browser, from its own origin: only that origin may read the answers,
 * with credentials (cookies) if the UI is set to include them. The preflight is answered here, before any guard,
 * because browsers never send credentials with it.
 */
@Injectable()
export class CodecCorsMiddleware implements NestMiddleware {
  private readonly uiOrigin: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.uiOrigin = new URL(config.TEMPORAL_UI_URL).origin;
  }

  use(req: Request, res: Response, next: NextFunction): void {
    res.vary('Origin');
    if (req.headers.origin === this.uiOrigin) {
      res.setHeader('Access-Control-Allow-Origin', this.uiOrigin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (req.method !== 'OPTIONS') return next();
    if (req.headers.origin === this.uiOrigin) {
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization, Authorization-Extras');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.status(204).end();
  }
}
