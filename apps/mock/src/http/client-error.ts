import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { problem } from '../answer.js';

/** Malformed HTTP never reaches the request handler; answer it here and close the socket. */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  const inResponse = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
    ?.headersSent;
  if (!socket.writable || inResponse || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  writeRawProblem(socket, status, `The request is not valid HTTP/1.1 (${error.code ?? 'parse error'}).`);
}

/** Node closes CONNECT requests without an answer unless someone listens; a mock proxies nothing. */
export function refuseConnect(_req: IncomingMessage, socket: Socket): void {
  socket.on('error', () => {});
  writeRawProblem(socket, 405, 'CONNECT is not supported: this is an API mock, not a proxy.');
}

function writeRawProblem(socket: Socket, status: number, detail: string): void {
  const body = problem(status, STATUS_CODES[status] ?? 'Error', detail).body;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/problem+json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
