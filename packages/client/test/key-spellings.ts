// Test data shared by the redaction tests.

// A key with every character that an encoding spells differently: JSON (`"`, `\`, PHP's `/`),
// percent-encoding (`/`, `"`, `+`, `\`; the form encoding also `~`, `!`, `'`, `(`, `)`) and base64.
export const ODD_KEY = `pk/li"ve+SE~CR!ET'(x)\\9`;

/** Every spelling a server may echo the key in. */
export function spellingsOf(key: string): string[] {
  const json = JSON.stringify(key).slice(1, -1);
  const percent = encodeURIComponent(key);
  const form = new URLSearchParams({ k: key }).toString().slice(2);
  const lowerHex = (text: string) => text.replace(/%[\dA-F]{2}/g, (hex) => hex.toLowerCase());
  return [
    key,
    json,
    json.replaceAll('/', '\\/'),
    percent,
    lowerHex(percent),
    form,
    lowerHex(form),
    btoa(key),
    // The key first in a longer base64 text, as in `Basic base64(key:)`.
    btoa(`${key}:`).slice(0, 28),
  ];
}
