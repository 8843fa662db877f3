/**
 * The recipient guard: a digest only ever goes to addresses in the allowed domains
 * (subdomains included). Used for the list, test sends (`--to`) and the ops address alike.
 */
import { DigestError } from '../errors.js';

/** The bare address of `Name <a@b.de>` or `a@b.de`, lower-cased; null if it is not one. */
export function bareAddress(address: string): string | null {
  const angle = /<([^<>\s]+)>\s*$/.exec(address);
  const bare = (angle ? angle[1]! : address).trim().toLowerCase();
  return /^[^\s@<>]+@[a-z0-9.-]+\.[a-z0-9-]+$/i.test(bare) ? bare : null;
}

export function addressDomain(address: string): string | null {
  const bare = bareAddress(address);
  return bare ? bare.slice(bare.lastIndexOf('@') + 1) : null;
}

export function isAllowedAddress(address: string, allowedDomains: readonly string[]): boolean {
  const domain = addressDomain(address);
  if (!domain) return false;
  return allowedDomains.some((allowed) => {
    const d = allowed.trim().toLowerCase().replace(/^@/, '');
    return domain === d || domain.endsWith(`.${d}`);
  });
}

export class RefusedRecipientError extends DigestError {
  constructor(readonly address: string, allowedDomains: readonly string[]) {
    super('RECIPIENT_REFUSED', `refused recipient ${address}: not in the allowed domains (${allowedDomains.join(', ')}); nothing was sent`);
  }
}

/** Throws before anything is sent if one address is outside the allowed domains. */
export function assertAllowedRecipients(addresses: readonly string[], allowedDomains: readonly string[]): void {
  for (const address of addresses) {
    if (!isAllowedAddress(address, allowedDomains)) throw new RefusedRecipientError(address, allowedDomains);
  }
}
