import { expect } from 'vitest';
import type { TestApi } from './harness.js';

const INPUT_TYPES: Record<string, string> = {
  updateDraft: 'UpdateDraftInput',
  submitVersion: 'VersionActionInput',
  approveVersion: 'VersionActionInput',
  publishVersion: 'PublishVersionInput',
};

/**
 * A document taken through the whole workflow, as people do it: the risk manager drafts and submits, the
 * approver approves and publishes. Returns the published version's id.
 */
export async function publishPolicy(api: TestApi, kind: string, document: object): Promise<string> {
  const risk = await api.asUser('risk@spillway.local');
  const approver = await api.asUser('approver@spillway.local');
  const policy = (await api.request('query { policies { id kind } }', {}, risk)).data.policies.find(
    (candidate: { kind: string }) => candidate.kind === kind,
  );
  const draft = (
    await api.request(
      'mutation ($input: CreateDraftInput!) { createDraft(input: $input) { id lockVersion } }',
      { input: { policyId: policy.id } },
      risk,
    )
  ).data.createDraft;
  const steps: [string, Record<string, unknown>, Record<string, string>][] = [
    [
      'updateDraft(input: $input) { id }',
      { versionId: draft.id, expectedLockVersion: draft.lockVersion, document },
      risk,
    ],
    ['submitVersion(input: $input) { id }', { versionId: draft.id }, risk],
    ['approveVersion(input: $input) { id }', { versionId: draft.id }, approver],
    ['publishVersion(input: $input) { id }', { versionId: draft.id }, approver],
  ];
  for (const [field, input, headers] of steps) {
    const type = INPUT_TYPES[field.split('(')[0]];
    const result = await api.request(`mutation ($input: ${type}!) { ${field} }`, { input }, headers);
    expect(result.errors, field).toBeUndefined();
  }
  return draft.id;
}
