/**
 * The demo's Scenario menu (`knit-sync demo` only): the emulator's scenarios, the ones chosen, and the call that
 * chooses them. A chosen scenario applies from the next run the embedded emulator starts (a sync or a delta),
 * as `knit-sync emulate --scenario NAME` does for its one run.
 */
import { z } from 'zod';

/** One scenario as `knit-sync emulate --help` lists it. */
export interface DemoScenario {
  name: string;
  /** One line: what the emulator does differently. */
  description: string;
}

/** The demo emulator's scenarios and the names chosen for its next runs (none: deliveries as usual). */
export interface DemoView {
  scenarios: DemoScenario[];
  active: string[];
}

/** The scenarios for the next runs, replacing the chosen ones; an empty list goes back to usual deliveries. */
export const SetDemoScenariosSchema = z.object({
  names: z.array(z.string().regex(/^[a-z0-9-]{1,40}$/, 'A scenario name is lower-case letters, digits and -.')).max(20),
});
export type SetDemoScenariosInput = z.infer<typeof SetDemoScenariosSchema>;

/** What the demo command hands the Companion: its emulator's menu. */
export interface DemoControl {
  view(): DemoView;
  /** @throws ApiError `invalid_input` (field `names`) for a name the emulator does not know. */
  setScenarios(names: string[]): DemoView;
}
