import type { CreateParams, GetListParams, GetListResult } from 'react-admin';
import type { Role } from '../session';
import { pageOf } from './connection';
import type { GraphQLRequest } from './graphqlClient';

export type User = { id: string; email: string; name: string; roles: Role[]; active: boolean };
export type ApiKey = { id: string; name: string; prefix: string; roles: Role[]; revokedAt: string | null };

const USER_FIELDS = 'id email name roles active';
const KEY_FIELDS = 'id name prefix roles revokedAt';

export async function getUserList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<User>> {
  const data = await request<{ users: User[] }>(`query Users { users { ${USER_FIELDS} } }`);
  return pageOf(data.users, params);
}

export async function createUser(
  request: GraphQLRequest,
  params: CreateParams<{ email: string; name: string; password: string; roles: Role[] }>,
): Promise<{ data: User }> {
  const { email, name, password, roles } = params.data;
  const data = await request<{ createUser: User }>(
    `mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { ${USER_FIELDS} } }`,
    { input: { email, name, password, roles } },
  );
  return { data: data.createUser };
}

export async function deactivateUser(request: GraphQLRequest, id: string): Promise<{ data: User }> {
  const data = await request<{ deactivateUser: User }>(
    `mutation DeactivateUser($input: IdInput!) { deactivateUser(input: $input) { ${USER_FIELDS} } }`,
    { input: { id } },
  );
  return { data: data.deactivateUser };
}

export async function getApiKeyList(
  request: GraphQLRequest,
  params: GetListParams,
): Promise<GetListResult<ApiKey>> {
  const data = await request<{ apiKeys: ApiKey[] }>(`query ApiKeys { apiKeys { ${KEY_FIELDS} } }`);
  return pageOf(data.apiKeys, params);
}

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The plain key: the API shows it this once and keeps only its hash. */
  key: string;
}

export async function createApiKey(request: GraphQLRequest, name: string): Promise<{ data: CreatedApiKey }> {
  const data = await request<{ createApiKey: CreatedApiKey }>(
    `mutation CreateApiKey($input: CreateApiKeyInput!) {
      createApiKey(input: $input) { key apiKey { ${KEY_FIELDS} } }
    }`,
    { input: { name } },
  );
  return { data: data.createApiKey };
}

export async function revokeApiKey(request: GraphQLRequest, id: string): Promise<{ data: ApiKey }> {
  const data = await request<{ revokeApiKey: ApiKey }>(
    `mutation RevokeApiKey($input: IdInput!) { revokeApiKey(input: $input) { ${KEY_FIELDS} } }`,
    { input: { id } },
  );
  return { data: data.revokeApiKey };
}
