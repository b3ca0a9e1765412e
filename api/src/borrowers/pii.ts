import { createHmac } from 'node:crypto';

/** Keyed, so the hash of a known id cannot be recomputed without the server secret. */
export function nationalIdHash(secret: string, nationalId: string): string {
  const normalised = nationalId.replace(/\s+/g, '').toUpperCase();
  return createHmac('sha256', secret).update(`national-id:${normalised}`).digest('hex');
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(Math.max(digits.length - 7, 1))}${digits.slice(-4)}`;
}
