// AMQP over WebSockets through an HTTP proxy, with the real @azure/service-bus: the SDK's
// connection leaves through the proxy as CONNECT <namespace>:443, the way ctEvents.useWebSockets
// with VS Code's http.proxy sends it. The proxy here refuses the tunnel; the request line is what
// is checked.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { test } from 'node:test';
import { ServiceBusConnection } from '../../src/core/servicebus';
import { webSocketTransport } from '../../src/core/servicebus/websockets';

const HOST = 'ct-websockets-test.servicebus.windows.net';

test('with a proxy, the WebSocket transport tunnels to the namespace on port 443', async () => {
  const proxy = createServer();
  const tunnels: string[] = [];
  proxy.on('connect', (request: IncomingMessage, socket: Socket) => {
    tunnels.push(request.url ?? '');
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  const { port } = proxy.address() as AddressInfo;
  const firstTunnel = once(proxy, 'connect');

  const connection = new ServiceBusConnection({
    kind: 'namespace',
    fullyQualifiedNamespace: HOST,
    credential: { getToken: async () => ({ token: 'not-used', expiresOnTimestamp: Date.now() + 60_000 }) },
    webSockets: webSocketTransport({ proxyUrl: `http://127.0.0.1:${port}` }),
  });
  const abort = new AbortController();
  const peek = connection.peek({ subscription: 'alpha', maxMessages: 1, signal: abort.signal }).then(
    () => assert.fail('a peek through a refusing proxy cannot succeed'),
    (error: unknown) => error,
  );
  try {
    await firstTunnel;
    assert.equal(tunnels[0], `${HOST}:443`);
  } finally {
    abort.abort();
    await peek;
    await connection.close();
    proxy.close();
    proxy.closeAllConnections();
  }
});

test('without a proxy, the transport is the ws WebSocket with no options', () => {
  const transport = webSocketTransport({ proxyUrl: '  ' });
  assert.equal(typeof transport.webSocket, 'function');
  assert.equal(transport.webSocketConstructorOptions, undefined);
});
