import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CLOCK, type Clock } from '../common/clock.js';
import { UnauthorizedError } from '../common/errors.js';
import { ProblemDto } from '../common/problem.dto.js';
import type { Person } from '../directory/person.entity.js';
import type { AuthenticatedRequest } from './auth.guard.js';
import type { Caller } from './auth.service.js';
import { CurrentCaller } from './current-caller.js';
import { PasswordChangeDto, SessionViewDto, SignInDto } from './dto/sign-in.dto.js';
import { Public, Roles } from './roles.decorator.js';
import { ROLES } from './roles.js';
import type { Session } from './session.entity.js';
import { CSRF_HEADER, SESSION_COOKIE, SessionsService } from './sessions.service.js';
import { SignInService } from './sign-in.service.js';

const view = (person: Person, session: Session): SessionViewDto => ({
  person: { id: person.id, displayName: person.displayName, roles: [...person.roles], locale: person.locale, department: person.department?.code ?? null },
  csrfToken: session.csrfToken,
  expiresAt: session.expiresAt.toISOString(),
});

const cookieOf = (req: Request): string | null => {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' && value !== '' ? value : null;
};

/** Sign-in for people: a session cookie for the browser, with the CSRF token its state-changing requests send back. */
@ApiTags('sign-in')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    private readonly sessions: SessionsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SessionViewDto, description: 'signed in: the cookie aftercare_session (HttpOnly, SameSite=Lax, Path=/) is set' })
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'the user name or the password is wrong (the same answer whichever)' })
  @ApiTooManyRequestsResponse({ type: ProblemDto, description: 'too many failed sign-ins for this user name or address; Retry-After says when to try again' })
  async login(@Body() dto: SignInDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionViewDto> {
    const { token, session, person } = await this.signIn.signIn(dto.username, dto.password, req.ip ?? 'unknown');
    res.cookie(SESSION_COOKIE, token, this.sessions.cookieOptions(session.expiresAt));
    return view(person, session);
  }

  @Get('session')
  @Public()
  @ApiOkResponse({ type: SessionViewDto, description: 'the signed-in person of the session cookie, and the CSRF token' })
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'no session cookie, or its session has ended or expired' })
  async session(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionViewDto> {
    try {
      const { session, person } = await this.sessions.current(cookieOf(req), this.clock.now());
      return view(person, session);
    } catch (err) {
      if (err instanceof UnauthorizedError) res.clearCookie(SESSION_COOKIE, this.sessions.cookieOptions());
      throw err;
    }
  }

  /** Ends the cookie's session; without a live one it only clears the cookie. */
  @Post('logout')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'signed out: the session has ended and the cookie is cleared' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'a live session, but no X-CSRF-Token header with its token' })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.signOut(cookieOf(req), req.headers[CSRF_HEADER], this.clock.now());
    res.clearCookie(SESSION_COOKIE, this.sessions.cookieOptions());
  }

  @Post('password')
  @Roles(...ROLES)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'changed; the person\'s other sessions have ended' })
  @ApiForbiddenResponse({ description: 'currentPassword is wrong, or the caller is not a person with a password' })
  @ApiTooManyRequestsResponse({ type: ProblemDto, description: 'too many wrong current passwords; Retry-After says when to try again' })
  async changePassword(@Body() dto: PasswordChangeDto, @CurrentCaller() caller: Caller, @Req() req: AuthenticatedRequest): Promise<void> {
    await this.signIn.changeOwn(caller.id, dto.currentPassword, dto.newPassword, req.session?.id ?? null, req.ip ?? 'unknown');
  }
}
