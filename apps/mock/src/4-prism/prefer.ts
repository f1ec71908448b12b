/** Prism's `Prefer` header: `code=NNN`, `example=NAME`, `dynamic=true|false`. */
export interface Preferences {
  code?: number;
  exampleKey?: string;
  dynamic?: boolean;
}

export function parsePrefer(header: string | undefined): Preferences {
  const prefs: Preferences = {};
  for (const part of (header ?? '').split(/[,;]/)) {
    const [rawName, ...rest] = part.split('=');
    const name = rawName?.trim().toLowerCase();
    const value = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (!name || !value) continue;
    if (name === 'code' && /^[1-5]\d\d$/.test(value)) prefs.code = Number(value);
    else if (name === 'example') prefs.exampleKey = value;
    else if (name === 'dynamic') prefs.dynamic = value === 'true';
  }
  return prefs;
}
