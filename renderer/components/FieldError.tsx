/** The sentence the Companion gave for one input field, shown right under it (`id` for aria-describedby). */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <div id={id} className="inline-error" role="alert">
      {message}
    </div>
  );
}
