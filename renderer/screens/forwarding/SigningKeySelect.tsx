/**
 * "signed with the key of [environment]": the environments whose API key is set, for the forms that sign what
 * they send (Check a handler, Compose and send). `useSigningEnvironment` keeps the choice, defaulting to the
 * first environment with a key ('' when none has one).
 */
import { useState } from 'react';
import { useCompanion } from '../../state/use-companion';

export function useSigningEnvironment(): { environments: string[]; environment: string; setEnvironment: (name: string) => void } {
  const environments =
    useCompanion((s) => s.status?.environments)
      ?.filter((e) => e.keySet)
      .map((e) => e.name) ?? [];
  const [chosen, setEnvironment] = useState('');
  return { environments, environment: chosen || environments[0] || '', setEnvironment };
}

export function SigningKeySelect({ id, signing }: { id: string; signing: ReturnType<typeof useSigningEnvironment> }) {
  return (
    <>
      <label htmlFor={id}>signed with the key of</label>
      <select id={id} value={signing.environment} onChange={(e) => signing.setEnvironment(e.target.value)}>
        {signing.environments.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </>
  );
}
