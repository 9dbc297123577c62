import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, setCsrfToken, setUnauthorizedHandler } from '../api/client';

export type Role = 'sales_system' | 'agent' | 'department_owner' | 'after_sales_manager' | 'general_manager' | 'administrator' | 'operator' | 'sales_owner';

/** The signed-in person (briefing contract 4: the body of POST /auth/login and GET /auth/session). */
export interface Person {
  id: string;
  displayName: string;
  roles: Role[];
  locale: 'zh-CN' | 'en';
  department: string | null;
}
interface SessionBody {
  person: Person;
  csrfToken: string;
}

interface SessionState {
  /** undefined while the session is being read, null when nobody is signed in. */
  person: Person | null | undefined;
  signIn(username: string, password: string): Promise<Person>;
  signOut(): Promise<void>;
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  has(...roles: Role[]): boolean;
}

const SessionContext = createContext<SessionState | null>(null);

async function authCall(path: string, body?: unknown, csrf?: string): Promise<Response> {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    credentials: 'same-origin',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(csrf ? { 'X-CSRF-Token': csrf } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => ({})));
  return response;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [person, setPerson] = useState<Person | null | undefined>(undefined);
  const [csrf, setCsrf] = useState<string>();

  const accept = useCallback((body: SessionBody | null) => {
    setPerson(body?.person ?? null);
    setCsrf(body?.csrfToken);
    setCsrfToken(body?.csrfToken);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => accept(null));
    authCall('/auth/session')
      .then(async (r) => accept((await r.json()) as SessionBody))
      .catch(() => accept(null));
  }, [accept]);

  const value = useMemo<SessionState>(
    () => ({
      person,
      async signIn(username, password) {
        const body = (await (await authCall('/auth/login', { username, password })).json()) as SessionBody;
        accept(body);
        return body.person;
      },
      async signOut() {
        await authCall('/auth/logout', {}, csrf).catch(() => undefined);
        accept(null);
      },
      async changePassword(currentPassword, newPassword) {
        await authCall('/auth/password', { currentPassword, newPassword }, csrf);
      },
      has: (...roles) => !!person && person.roles.some((r) => roles.includes(r)),
    }),
    [person, csrf, accept],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in person; only inside pages that require a session. */
export function usePerson(): Person {
  const { person } = useSession();
  if (!person) throw new Error('usePerson without a session');
  return person;
}
