import { HttpError } from 'react-admin';
import type { PolicyProblem } from '../dataProvider/policies';

/** What to show for a failed call: the API's own words where it gave them. */
export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A failed call with the details the API puts in its first GraphQL error's extensions (row errors of an
 * import, the reason of a refusal...), and the problems a POLICY_INVALID names one by one.
 */
export function apiFailure(error: unknown): {
  message: string;
  extensions: Record<string, unknown>;
  problems: PolicyProblem[];
} {
  const body =
    error instanceof HttpError
      ? (error.body as { errors?: { extensions?: Record<string, unknown> }[] })
      : null;
  const extensions = body?.errors?.[0]?.extensions ?? {};
  const problems = Array.isArray(extensions.problems) ? (extensions.problems as PolicyProblem[]) : [];
  return { message: errorMessage(error), extensions, problems };
}
