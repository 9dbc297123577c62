import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, data, setCsrfToken, setUnauthorizedHandler, type Schemas } from '../api/client';

/** The signed-in person (POST /auth/login, GET /auth/session). */
export type Person = Schemas['SignedInPersonDto'];
export type Role = Person['roles'][number];
type SessionBody = Schemas['SessionViewDto'];

interface SessionState {
  /** undefined while the session is being read, null when nobody is signed in. */
  person: Person | null | undefined;
  signIn: (username: string, password: string) => Promise<Person>;
  signOut: () => Promise<void>;
  changePassword: (currentPassword: string, newPassword: string) => Promise<void>;
  has: (...roles: Role[]) => boolean;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [person, setPerson] = useState<Person | null | undefined>(undefined);

  const accept = useCallback((body: SessionBody | null) => {
    setPerson(body?.person ?? null);
    setCsrfToken(body?.csrfToken);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => accept(null));
    data(api.GET('/auth/session')).then(accept, () => accept(null));
  }, [accept]);

  const value = useMemo<SessionState>(
    () => ({
      person,
      async signIn(username, password) {
        const body = await data(api.POST('/auth/login', { body: { username, password } }));
        accept(body);
        return body.person;
      },
      async signOut() {
        await data(api.POST('/auth/logout')).catch(() => undefined);
        accept(null);
      },
      async changePassword(currentPassword, newPassword) {
        await data(api.POST('/auth/password', { body: { currentPassword, newPassword } }));
      },
      has: (...roles) => !!person && person.roles.some((r) => roles.includes(r)),
    }),
    [person, accept],
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
