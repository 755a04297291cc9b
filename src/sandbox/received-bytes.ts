// The bytes of each message the sandbox receives, as its sender encoded them. rhea decodes a
// transfer into a message object before the broker sees it and keeps no bytes, and encoding that
// object again changes what Service Bus keeps byte for byte: an application property's AMQP type
// (a long 5 would be stored as a uint, a uuid as binary), a message id's type. So while a sandbox
// runs, rhea's message.decode (which rhea's session calls for every complete transfer) is wrapped
// to remember the buffer it decoded, in a WeakMap keyed by the message object it returns: an
// entry lives only as long as its message object. A rhea upgrade that decodes another way makes
// receivedBytesOf answer undefined, and the broker falls back to re-encoding (the resubmit test
// of application property types in test/integration/replay.test.ts fails then).
import { message as rheaMessage } from 'rhea';

const bytesByMessage = new WeakMap<object, Buffer>();
let capturing = false;

export function captureReceivedBytes(): void {
  if (capturing) {
    return;
  }
  capturing = true;
  const decode = rheaMessage.decode;
  rheaMessage.decode = function decodeKeepingBytes(buffer: Buffer) {
    const decoded = decode.call(rheaMessage, buffer);
    bytesByMessage.set(decoded, buffer);
    return decoded;
  };
}

/** A copy of the bytes the message was decoded from (they may be a view into a larger frame). */
export function receivedBytesOf(message: object): Buffer | undefined {
  const bytes = bytesByMessage.get(message);
  return bytes && Buffer.from(bytes);
}
