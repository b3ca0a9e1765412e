import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { currentRequest } from '../core/logger.js';
import type { Metrics } from '../http/metrics.js';
import type { Context } from './context.js';

/**
 * Records what the request log line reports (operation, viewer) and times the decide mutation. Only a
 * mutation gets a field hook, so queries pay nothing for it.
 */
export function observabilityPlugin(metrics: Metrics): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ operation }) {
          if (operation.operation !== 'mutation') return;
          return {
            willResolveField({ info }) {
              if (info.parentType.name !== 'Mutation' || info.fieldName !== 'decide') return;
              const stopTimer = metrics.decideDuration.startTimer();
              return (error, result) => {
                stopTimer();
                if (!error) metrics.decisions.inc({ outcome: (result as { outcome: string }).outcome });
              };
            },
          };
        },
        async willSendResponse({ operationName, request, contextValue }) {
          const scope = currentRequest();
          if (!scope) return;
          scope.operationName = operationName ?? request.operationName ?? null;
          // Kind and id only: a user's label is their email.
          scope.viewer = contextValue.viewer && {
            kind: contextValue.viewer.kind,
            id: contextValue.viewer.id,
          };
        },
      };
    },
  };
}

/** Counts every error the client sees, by its final code, including those raised before execution. */
export function countingErrors(
  format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
  metrics: Metrics,
) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = format(formatted, error);
    const code = String(result.extensions?.code ?? 'INTERNAL');
    metrics.graphqlErrors.inc({ code });
    currentRequest()?.errorCodes.push(code);
    return result;
  };
}
