import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

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

function phoneKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('phone-encryption').digest();
}

export function encryptPhone(secret: string, phone: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', phoneKey(secret), iv);
  const sealed = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

export function decryptPhone(secret: string, stored: string): string {
  const raw = Buffer.from(stored, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', phoneKey(secret), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
