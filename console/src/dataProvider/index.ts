import {
  type DataProvider,
  type GetListParams,
  type GetListResult,
  type GetOneParams,
  HttpError,
  type RaRecord,
} from 'react-admin';
import { getToken } from '../session';
import { getDecision, getDecisionList } from './decisions';
import { createGraphQLClient, type GraphQLRequest } from './graphqlClient';

interface ResourceHandlers {
  getList(request: GraphQLRequest, params: GetListParams): Promise<GetListResult<RaRecord>>;
  getOne(request: GraphQLRequest, params: GetOneParams): Promise<{ data: RaRecord }>;
}

const resources: Record<string, ResourceHandlers> = {
  decisions: { getList: getDecisionList, getOne: getDecision },
};

function handlers(resource: string): ResourceHandlers {
  const found = resources[resource];
  if (!found) throw new HttpError(`Unknown resource: ${resource}`, 404);
  return found;
}

// Writes go through domain mutations (decide, createDraft, ...) exposed as custom methods, not generic CRUD.
const unsupported = (method: string) => (resource: string) =>
  Promise.reject(new HttpError(`${method} is not supported for ${resource}`, 405));

export function buildDataProvider(request: GraphQLRequest): DataProvider {
  const getOne = (resource: string, params: GetOneParams) => handlers(resource).getOne(request, params);
  const provider = {
    getList: (resource: string, params: GetListParams) => handlers(resource).getList(request, params),
    getOne,
    getMany: async (resource: string, params: { ids: RaRecord['id'][] }) => {
      const results = await Promise.all(params.ids.map((id) => getOne(resource, { id })));
      return { data: results.map((result) => result.data) };
    },
    getManyReference: unsupported('getManyReference'),
    create: unsupported('create'),
    update: unsupported('update'),
    updateMany: unsupported('updateMany'),
    delete: unsupported('delete'),
    deleteMany: unsupported('deleteMany'),
  };
  // The handlers return concrete record types; DataProvider's methods are generic over the caller's type.
  return provider as unknown as DataProvider;
}

export const dataProvider = buildDataProvider(createGraphQLClient({ getToken }));
