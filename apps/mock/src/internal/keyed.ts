import { problem, type Reply } from '../answer.js';

/**
 * Why a route about one key's state refuses a request it cannot serve: 401 without a key (the
 * route cannot know whose state is meant), else 409 (a --stateless mock keeps none). `purpose`
 * and `stateless` finish the messages: why the key is needed, what the mock does not keep.
 */
export function refuseUnkeyed(
  token: string | undefined,
  texts: { purpose: string; stateless: string },
): Reply {
  if (token === undefined) {
    return problem(401, 'Unauthorized', `Send your API key (Authorization: Bearer ...): ${texts.purpose}`);
  }
  return problem(
    409,
    'Conflict',
    `The mock runs --stateless: it keeps ${texts.stateless}; start it without --stateless.`,
  );
}
