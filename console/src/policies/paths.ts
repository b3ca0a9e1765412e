/** Where a version is edited (a draft) or read (any other): under its policy. */
export const versionPath = (policyId: string, versionId: string) =>
  `/policies/${policyId}/versions/${versionId}`;
