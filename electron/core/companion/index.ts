/**
 * The Companion, as the shells (CLI, Electron main) import it: `openCompanion` (open-companion.ts, the
 * wiring) and the types of what it returns (companion-service.ts).
 */
export { openCompanion } from './open-companion';
export type { CompanionOptions, CompanionService, ConnectHost } from './companion-service';
