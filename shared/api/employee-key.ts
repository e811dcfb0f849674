/**
 * The key of an employee across integrations, in the core's directory, its update batches and the renderer:
 * `integrationId`, NUL, `recordId` (Knit's record ids are unique per integration only; neither id holds NUL).
 * Joined, not concatenated: V8 keeps a concatenation as a rope that a Map would hold beside its flat copy.
 */
export const employeeKey = (integrationId: string, recordId: string): string => [integrationId, recordId].join('\u0000');
