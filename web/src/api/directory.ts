import { ApiError } from './client';

export interface DirectoryPerson {
  id: string;
  displayName: string;
  roles: string[];
  department: string | null;
  active: boolean;
}

/** Active people of a role from the staff directory. */
export async function listPeople({ role, department }: { role: string; department?: string }): Promise<DirectoryPerson[]> {
  const query = new URLSearchParams({ role, active: 'true', pageSize: '200', ...(department ? { department } : {}) });
  const response = await fetch(`/directory/people?${query}`, { credentials: 'same-origin' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body);
  return (body.items ?? body) as DirectoryPerson[];
}
