export type Role = 'RISK_MANAGER' | 'APPROVER' | 'QA_ANALYST' | 'ADMIN' | 'APP';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
}

const TOKEN_KEY = 'spillway.token';
const USER_KEY = 'spillway.user';

export function saveSession(token: string, user: SessionUser): void {
  localStorage.setItem(TOKEN_KEY, token);
  localStorage.setItem(USER_KEY, JSON.stringify(user));
}

export function clearSession(): void {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(USER_KEY);
}

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function getUser(): SessionUser | null {
  const stored = localStorage.getItem(USER_KEY);
  if (!stored) return null;
  try {
    return JSON.parse(stored) as SessionUser;
  } catch {
    // A hand-edited or truncated entry: treat it as signed out rather than crash the app shell.
    return null;
  }
}
