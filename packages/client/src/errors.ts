/** Base class of every error this package throws. */
export class PartneroError extends Error {
  override name = 'PartneroError';
}

/** The client was configured in a way that cannot work; thrown before any request is sent. */
export class ConfigurationError extends PartneroError {
  override name = 'ConfigurationError';
}
