/** A labelled multi-line field with a live character count (the count is its description). */
export function TextareaField({
  id,
  label,
  value,
  onChange,
  maxLength,
  minLength,
  disabled,
  hint,
  rows = 4,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  maxLength: number;
  minLength?: number;
  disabled?: boolean;
  hint?: string;
  rows?: number;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        name={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        maxLength={maxLength}
        minLength={minLength}
        required
        rows={rows}
        disabled={disabled}
        aria-describedby={`${id}-hint`}
        className="w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
      />
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        {value.trim().length} / {maxLength} characters{minLength ? ` (at least ${minLength})` : ""}.{hint ? ` ${hint}` : ""}
      </p>
    </div>
  );
}
