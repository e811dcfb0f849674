/**
 * Connecting an HR system from the app (Knit's UI component): the shapes and input schemas that cross the
 * CompanionApi boundary. Sources: Knit's "Auth Session Creation API" (auth.createSession body, token at
 * `msg.token`), "UI component event glossary" (onNewSession, onFinish with `detail.integrationDetails`,
 * onDeactivate, onKnitClose), "Integrated accounts settings" (3 test accounts, deactivated after 30 days) and
 * "Event glossary" (`app.integration.activate`, whose payload shape is our guess: shared/knit/activation.ts).
 */
import { z } from 'zod';
import { ENVIRONMENT_NAME_PATTERN } from '../knit/environments';

/** Knit's component script (a module script defining `<knit-auth>`), the default of every environment but the emulator's. */
export const KNIT_COMPONENT_URL = 'https://af1.getknit.dev/knit-ui-comp.js';
/** Knit allows this many test accounts at a time... */
export const MAX_TEST_ACCOUNTS = 3;
/** ...and deactivates each this many days after it was connected, never to be reinstated. */
export const TEST_ACCOUNT_DAYS = 30;
/** Setup warns this many days before a test account's deactivation. */
export const TEST_ACCOUNT_WARN_DAYS = 5;

const environmentName = z.string().regex(ENVIRONMENT_NAME_PATTERN);
const text = (max: number) => z.string().trim().min(1).max(max);

/** The connect form: who connects (auth.createSession's origin* fields), test account, optional app filter. */
export const StartConnectSchema = z.object({
  environment: environmentName,
  originOrgId: text(200),
  originOrgName: text(200),
  originUserEmail: z.email().max(320),
  originUserName: text(200),
  testAccount: z.boolean(),
  /** Only these app ids in the component (Knit's `filters: [{category: 'HRIS', apps}]`); empty: every app. */
  apps: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9_.-]{1,50}$/, 'app ids are letters, digits, _ . -'),
    )
    .max(20)
    .default([]),
});
export type StartConnectInput = z.input<typeof StartConnectSchema>;

/** What startConnect answers: the page to open (the UI server's, in a browser), unless the shell opened its own window. */
export interface StartConnectResult {
  connectId: string;
  /** The component page, relative to the UI's origin (`/connect/<one-purpose token>`); null when the shell opened a window. */
  pagePath: string | null;
}

/** Per-environment connect settings. */
export const ConnectSettingsSchema = z.object({
  environment: environmentName,
  /** The component module script (Knit's by default); https, or http on loopback (the emulator). */
  componentUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Start the sync (default models and frequency) when `app.integration.activate` arrives without errors. */
  autoStart: z.boolean().optional(),
  /** The webhook URL the user registered in Knit's dashboard (Setup warns when the tunnel's URL differs). */
  registeredWebhookUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .optional(),
});
export type ConnectSettingsInput = z.infer<typeof ConnectSettingsSchema>;

/** The saved connect settings of one environment. */
export interface ConnectSettings {
  componentUrl: string;
  autoStart: boolean;
  registeredWebhookUrl: string | null;
  /** The last connect form, remembered. */
  form: { originOrgId: string; originOrgName: string; originUserEmail: string; originUserName: string; testAccount: boolean; apps: string[] } | null;
}

/** What `app.integration.activate` said about an integration, and what the Companion did about it. */
export interface ActivationState {
  state: 'activated' | 'failed';
  errors: string[];
  eventId: string;
  receivedAt: string;
  /** The sync started on activation (`syncJobId`), why none was (`skipped`), or the error of trying. */
  autoStart: { syncJobId: string; at: string } | { skipped: string } | { error: string } | null;
}

/** An integration connected through the component (or first seen in an activation). */
export interface ConnectedIntegration {
  integrationId: string;
  environment: string;
  appId: string | null;
  categoryId: string | null;
  originOrgId: string | null;
  originOrgName: string | null;
  /** "App · organisation", the label shown wherever the integration is chosen. */
  label: string;
  testAccount: boolean;
  connectedAt: string;
  deactivatedAt: string | null;
  activation: ActivationState | null;
}

/** Every connected integration and each environment's connect settings (those with any saved). */
export interface ConnectView {
  integrations: ConnectedIntegration[];
  environments: Record<string, ConnectSettings>;
}

/** One event of the component, as the page or window passes it back (Knit's event names). */
export const ComponentEventSchema = z.object({
  type: z.enum(['onNewSession', 'onFinish', 'onDeactivate', 'onKnitClose']),
  detail: z.unknown().optional(),
});
export type ComponentEvent = z.infer<typeof ComponentEventSchema>;

/** `onFinish`'s and `onDeactivate`'s `detail.integrationDetails` (Knit's "UI component event glossary"). */
export const IntegrationDetailsSchema = z.looseObject({
  integrationId: z.string().min(1).max(512),
  appId: z.string().max(100).nullish(),
  categoryId: z.string().max(100).nullish(),
  originOrgId: z.string().max(200).nullish(),
  success: z.boolean().nullish(),
});

/** Days since `connectedAt` and, for a test account, days left before Knit deactivates it (null otherwise). */
export function integrationAge(i: Pick<ConnectedIntegration, 'connectedAt' | 'testAccount'>, now = Date.now()): { days: number; daysLeft: number | null } {
  const days = Math.max(0, Math.floor((now - Date.parse(i.connectedAt)) / 86_400_000));
  return { days, daysLeft: i.testAccount ? Math.max(0, TEST_ACCOUNT_DAYS - days) : null };
}
