import { UsageError } from '../cli-failure.js';
import { isLoopbackHostname } from '../http/allowed-hosts.js';

/** One POST's outcome: the status, or why there was none, and how long it took. */
export interface SendResult {
  status?: number;
  error?: string;
  ms: number;
}

export interface SendOptions {
  headers: Record<string, string>;
  body: string;
  /** Abandons the attempt after this long (Partnero asks for an answer within 5 s). */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** Sends one delivery; never throws (an unreachable receiver is a result, not a crash). */
export async function sendDelivery(url: URL, options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'partnero-mock', ...options.headers },
      body: options.body,
      redirect: 'manual',
      signal,
    });
    await response.body?.cancel().catch(() => {});
    return { status: response.status, ms: elapsed(started) };
  } catch (error) {
    const reason = signal.aborted
      ? `no answer within ${options.timeoutMs} ms`
      : `${(error as Error).message}${(error as Error).cause instanceof Error ? `: ${((error as Error).cause as Error).message}` : ''}`;
    return { error: reason, ms: elapsed(started) };
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/**
 * The receiver's URL. Only this machine by default: a trigger or a check run by mistake against
 * a production receiver would send it events that never happened.
 */
export function receiverUrl(raw: string | undefined, allowRemote: boolean): URL {
  if (raw === undefined || raw === '') {
    throw new UsageError(
      'missing the receiver: pass --to http://127.0.0.1:3000/webhooks (your local endpoint)',
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`"${raw.slice(0, 100)}" is not a URL: pass e.g. http://127.0.0.1:3000/webhooks`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`the receiver must be http(s), not ${url.protocol}`);
  }
  if (!allowRemote && !isLoopbackHostname(url.hostname)) {
    throw new UsageError(
      `${url.host} is not this machine: deliveries go to loopback URLs (localhost, 127.0.0.1, [::1]) unless you pass --allow-remote`,
    );
  }
  return url;
}
