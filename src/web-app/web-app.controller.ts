import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/roles.decorator.js';
import { WEB_APP_DIST, WebAppFiles } from './web-app-files.js';

/**
 * What the app's page may load: its own scripts only (no inline or injected script), styles inline too (Ant Design
 * writes its CSS-in-JS into <style> elements), images and fonts of its own or data/blob URLs (charts), requests to
 * its own origin; never framed (no clickjacking of an approval button).
 */
export const WEB_APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The browser app at /app/ on the API's own origin, so the session cookie applies and no CORS is needed. Public: the
 * files hold no data; every page reads it from the API with the person's session.
 */
@ApiTags('workspace')
@ApiProduces('text/html')
@Controller('app')
export class WebAppController {
  constructor(private readonly files: WebAppFiles) {}

  /** /app and /app/ (Express matches both here): the app's page, whose router takes it from there. */
  @Get()
  @Public()
  @ApiOkResponse({ description: "the workspace's page", content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'the web app is not built' })
  home(@Res() res: Response): Promise<void> {
    return this.serve(undefined, res);
  }

  @Get('{*path}')
  @Public()
  @ApiParam({ name: 'path', description: 'a file of the built app (assets/…), or any page of the app, e.g. cases/20261123-PHONE-001', schema: { type: 'string' } })
  @ApiOkResponse({ description: "the file, or the workspace's page for any path that names no file", content: { 'text/html': { schema: { type: 'string' } }, 'application/javascript': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'a file the app does not have, or the web app is not built' })
  async serve(@Param('path') path: string[] | undefined, @Res() res: Response): Promise<void> {
    const file = await this.files.resolve(path ?? []);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (file.kind === 'page') {
      // The page names the current asset hashes: always revalidated, so a deploy shows at once.
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('Content-Security-Policy', WEB_APP_CONTENT_SECURITY_POLICY);
      res.setHeader('X-Frame-Options', 'DENY');
      res.setHeader('Referrer-Policy', 'same-origin');
      res.type('html').send(file.html);
      return;
    }
    res.sendFile(file.path, {
      root: WEB_APP_DIST,
      dotfiles: 'deny',
      // Vite names assets by their content hash, so a year without revalidation is safe; other files an hour.
      maxAge: file.immutable ? '365d' : '1h',
      immutable: file.immutable,
    });
  }
}
