/**
 * `npm run bench:scale`'s builder: sends the scale folder's events `--from` to `--to` (exclusive) through the
 * real listener, generating and signing each delivery just before it is sent (nothing is held but the
 * deliveries in flight), and prints one JSON line (SenderResult) on stdout, progress every 3 s on stderr.
 *
 * Event number i belongs to integration `int_scale_<i mod K>` (run `sr_scale_<i mod K>`) and is the
 * `record.new` of that integration's employee number ⌊i / K⌋: N events are N employees over K integrations.
 *
 * Input: `--url URL --from I --to J --integrations K`; the API key comes from the environment (KNIT_API_KEY).
 */
import { parseArgs } from 'node:util';
import { knitSignature } from '../../electron/core/signature/sign';
import { recordEvent } from './deliveries';
import { sendAll, type Delivery } from './sender';

/** The integration and run of scale event number `i` among `integrations`. */
export function scaleIntegration(i: number, integrations: number): { integrationId: string; syncRunId: string } {
  const k = i % integrations;
  return { integrationId: `int_scale_${k}`, syncRunId: `sr_scale_${k}` };
}

/** Scale event number `i`, signed with `apiKey`. */
export function scaleDelivery(i: number, integrations: number, apiKey: string): Delivery {
  const { integrationId, syncRunId } = scaleIntegration(i, integrations);
  const body = JSON.stringify(recordEvent('record.new', Math.floor(i / integrations), syncRunId));
  return { body, signature: knitSignature(body, apiKey), integrationId };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      integrations: { type: 'string' },
      connections: { type: 'string', default: '32' },
    },
  });
  const key = process.env.KNIT_API_KEY;
  if (!values.url || !values.from || !values.to || !values.integrations || !key)
    throw new Error('usage: KNIT_API_KEY=… scale-sender --url URL --from I --to J --integrations K');
  const [from, to, integrations] = [Number(values.from), Number(values.to), Number(values.integrations)];
  let i = from;
  let lastLog = performance.now();
  const result = await sendAll(
    new URL(values.url),
    Number(values.connections),
    () => (i < to ? scaleDelivery(i++, integrations, key) : undefined),
    (done) => {
      if (performance.now() - lastLog < 3000) return;
      lastLog = performance.now();
      process.stderr.write(`bench:scale: built ${(from + done).toLocaleString('en-US')} of ${to.toLocaleString('en-US')} events\n`);
    },
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`scale-sender: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
