/**
 * Masking of bank account numbers (ARCHITECTURE.md "Store": the UI masks them by default): which keys
 * hold one, and the masked form that keeps the last four characters.
 */

/** Keys whose values are bank account numbers or IBANs, in Knit's bank account model and common variants. */
const SENSITIVE_KEY = /^(accountNumber|accountNo|bankAccountNumber|iban|routingNumber)$/i;

/** Whether a value under `key` must be masked until revealed. */
export const isSensitiveKey = (key: string): boolean => SENSITIVE_KEY.test(key);

/** `PT50000201231234567890123` → `•••• 0123`; short values are fully masked; non-strings are stringified first. */
export function maskValue(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  if (text.length <= 4) return '••••';
  return `•••• ${text.slice(-4)}`;
}
