/**
 * What the CLI prints when it cannot run: one line naming the fix. Only a mistake in the
 * arguments is followed by the usage text; a failure to start (a port in use, a host that does not
 * resolve) is no usage mistake, and the usage would bury the one line that says what to do.
 */
export interface Failure {
  line: string;
  showUsage: boolean;
}

/** Thrown by the argument parser for a value it refuses. */
export class UsageError extends Error {
  override name = 'UsageError';
}

interface SystemError {
  code?: string;
  syscall?: string;
  port?: number;
  address?: string;
  hostname?: string;
  path?: string;
  message?: string;
}

export function describeFailure(error: unknown): Failure {
  const system = (typeof error === 'object' && error !== null ? error : {}) as SystemError;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError || system.code?.startsWith('ERR_PARSE_ARGS_')) {
    return { line: message, showUsage: true };
  }
  const where = `${system.address ?? 'the host'}:${system.port}`;
  switch (system.code) {
    case 'EADDRINUSE':
      return runtime(
        `port ${system.port} on ${system.address} is in use: pass --port 0 for a free port, or another port`,
      );
    case 'EACCES':
      if (system.syscall === 'listen' || system.syscall === 'bind') {
        return runtime(
          `no permission to listen on ${where} (ports below 1024 need privileges): pass --port 0 or a port above 1023`,
        );
      }
      break;
    case 'EADDRNOTAVAIL':
      return runtime(
        `${system.address} is not an address of this machine: pass --host 127.0.0.1 (or 0.0.0.0 for every interface)`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return runtime(
        `host "${system.hostname}" cannot be resolved: pass --host 127.0.0.1 or another local address`,
      );
    case 'ENOENT':
      if (system.path) {
        return runtime(`no file at ${system.path}: pass --spec the bundled OpenAPI document (a .json file)`);
      }
      break;
  }
  // Some libraries (Prism's spec loader) put the cause on a second line; one line is the contract.
  return runtime(
    message
      .split('\n')
      .map((part) => part.trim())
      .filter(Boolean)
      .join(': '),
  );
}

function runtime(line: string): Failure {
  return { line, showUsage: false };
}
