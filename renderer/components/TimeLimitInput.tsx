/** The "time limit (s)" field of the handler check and of pass-through: seconds as typed, 0.1 to 600. */
export function TimeLimitInput({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  return (
    <>
      <label htmlFor={id}>time limit (s)</label>
      <input id={id} type="number" min="0.1" max="600" step="any" value={value} onChange={(e) => onChange(e.target.value)} style={{ width: 70 }} />
    </>
  );
}
