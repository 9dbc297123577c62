import { Inject, Injectable } from '@nestjs/common';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotFoundError } from '../common/errors.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** Where `npm run build:web` writes the browser app (web/dist), next to the compiled API in dist/. */
export const WEB_APP_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));
/** The marker in web/index.html that the API fills with COMPANY_TIME_ZONE, so the pages show company time. */
const TIME_ZONE_MARKER = /(<meta name="aftercare-company-time-zone" content=")[^"]*(")/;

export type WebAppFile = { kind: 'asset'; path: string; immutable: boolean } | { kind: 'page'; html: string };

/** The built web app's files: hashed assets as they are, every other path the app's page (its router takes it). */
@Injectable()
export class WebAppFiles {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async resolve(segments: string[]): Promise<WebAppFile> {
    const relative = normalize(segments.join('/'));
    if (relative.startsWith('..') || relative.split(sep).includes('..')) throw new NotFoundError(`no such file: ${relative}`);
    if (relative !== '.' && relative !== 'index.html') {
      const path = join(WEB_APP_DIST, relative);
      const found = await stat(path).catch(() => undefined);
      if (found?.isFile()) return { kind: 'asset', path: relative, immutable: relative.startsWith('assets/') };
      // A missing file is a 404; only paths without an extension are the app's own routes (deep links).
      if (extname(relative) !== '') throw new NotFoundError(`no such file in the web app: ${relative}`);
    }
    const html = await readFile(join(WEB_APP_DIST, 'index.html'), 'utf8').catch(() => {
      throw new NotFoundError('the web app is not built: run npm run build:web (npm start does it when web/dist is missing)');
    });
    return { kind: 'page', html: html.replace(TIME_ZONE_MARKER, `$1${this.config.COMPANY_TIME_ZONE}$2`) };
  }
}
