/** A row of tabs (ARIA tablist); the caller renders the selected panel. */
export function Tabs<T extends string>({ tabs, value, onChange, label }: { tabs: readonly T[]; value: T; onChange: (t: T) => void; label: string }) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((t) => (
        <button key={t} type="button" role="tab" aria-selected={t === value} onClick={() => onChange(t)}>
          {t}
        </button>
      ))}
    </div>
  );
}
