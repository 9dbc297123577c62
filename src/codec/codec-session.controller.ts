import { Body, Controller, Get, Header, HttpCode, HttpStatus, Inject, Post, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ProblemDto } from '../common/problem.dto.js';
import type { Response } from 'express';
import { CODEC_SESSION_COOKIE } from '../auth/auth.guard.js';
import { Public } from '../auth/roles.decorator.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { CodecService } from './codec.service.js';
import { CodecSessionDto, CodecSessionViewDto } from './dto/codec-session.dto.js';

const SESSION_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Aftercare: decode payloads in the Temporal UI</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>Decode payloads in the Temporal UI</h1>
<p>Paste an operator token (<code>npm run token -- --role operator --id you</code>). This browser then sends it to the
codec endpoint; in the Temporal UI's Codec Server settings, tick "Include cross-origin credentials".</p>
<form id="session"><input name="token" type="password" size="60" autocomplete="off" required>
<button>Open the Temporal UI</button></form><p id="problem" style="color: #b00"></p>
<script>
document.getElementById('session').onsubmit = async (event) => {
  event.preventDefault();
  const res = await fetch('/codec/session', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: event.target.token.value }) });
  const body = await res.json();
  if (res.ok) location.href = body.temporalUiUrl; else document.getElementById('problem').textContent = body.message;
};
</script></body></html>`;

/** How an operator's browser gets the codec endpoint's credentials, which the Temporal UI cannot send as a header. */
@ApiTags('codec')
@Controller('codec/session')
export class CodecSessionController {
  constructor(
    private readonly codec: CodecService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'a page where an operator pastes a token, then goes on to the Temporal UI' })
  page(): string {
    return SESSION_PAGE;
  }

  @Post()
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CodecSessionViewDto, description: 'the cookie is set for /codec' })
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'the token is forged, expired or malformed' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'the token is not an operator\'s' })
  open(@Body() dto: CodecSessionDto, @Res({ passthrough: true }) res: Response): CodecSessionViewDto {
    const session = this.codec.operatorSession(dto.token);
    res.cookie(CODEC_SESSION_COOKIE, dto.token, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/codec',
      ...(session.expiresAt ? { expires: new Date(session.expiresAt) } : {}),
    });
    return { operator: session.operator, expiresAt: session.expiresAt, temporalUiUrl: this.config.TEMPORAL_UI_URL };
  }
}
