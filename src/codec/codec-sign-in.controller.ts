import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (temporalUiUrl: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Aftercare: sign in to decode payloads in the Temporal UI</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>Decode payloads in the Temporal UI</h1>
<p>Sign in as an operator. This browser then sends the session cookie to the codec endpoint: in the Temporal UI's
Codec Server settings (the glasses icon), set the endpoint to <code id="endpoint">this API's /codec</code> and tick
"Include cross-origin credentials".</p>
<form id="sign-in">
<p><label>User name <input name="username" autocomplete="username" required></label></p>
<p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
<button>Sign in and open the Temporal UI</button></form><p id="problem" style="color: #b00"></p>
<script>
document.getElementById('endpoint').textContent = location.origin + '/codec';
document.getElementById('sign-in').onsubmit = async (event) => {
  event.preventDefault();
  const form = event.target;
  const res = await fetch('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: form.username.value, password: form.password.value }) });
  const body = await res.json();
  const problem = document.getElementById('problem');
  if (!res.ok) problem.textContent = body.message;
  else if (!body.person.roles.includes('operator')) problem.textContent = 'signed in, but only an operator may decode payloads';
  else location.href = ${JSON.stringify(escapeHtml(temporalUiUrl))};
};
</script></body></html>`;

/** Where an operator's browser gets the session the Temporal UI's codec calls carry (it cannot send a bearer header). */
@ApiTags('codec')
@Controller('codec/sign-in')
export class CodecSignInController {
  private readonly html: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.html = page(config.TEMPORAL_UI_URL);
  }

  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'a page where an operator signs in (POST /auth/login), then goes on to the Temporal UI' })
  signIn(): string {
    return this.html;
  }
}
