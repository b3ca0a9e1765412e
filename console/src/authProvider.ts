import type { AuthProvider } from 'react-admin';
import { createGraphQLClient, type GraphQLRequest } from './dataProvider/graphqlClient';
import { clearSession, getToken, getUser, type SessionUser, saveSession } from './session';

const LOGIN_MUTATION = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { token user { id email name roles } }
}`;

export function buildAuthProvider(request: GraphQLRequest): AuthProvider {
  return {
    async login({ email, password }: { email: string; password: string }) {
      const data = await request<{ login: { token: string; user: SessionUser } }>(LOGIN_MUTATION, {
        email,
        password,
      });
      saveSession(data.login.token, data.login.user);
    },
    async logout() {
      clearSession();
    },
    async checkAuth() {
      // message: false: a first visit goes to the login page without an error toast.
      if (!getToken()) throw { message: false };
    },
    async checkError(error: { status?: number }) {
      if (error?.status === 401) {
        clearSession();
        throw error;
      }
    },
    async getIdentity() {
      const user = getUser();
      if (!user) throw new Error('Not signed in');
      return { id: user.id, fullName: user.name, email: user.email };
    },
    async getPermissions() {
      return getUser()?.roles ?? [];
    },
  };
}

// Login must not send a stale token, so it uses a client without one.
export const authProvider = buildAuthProvider(createGraphQLClient());
