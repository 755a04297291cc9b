// A stand-in `az` for AzureCliCredential: answers `az account get-access-token` with a token the
// sandbox accepts, as the real Azure CLI prints it. Roles, lifetime and secret come from the
// environment the test gives the child process.
import { signHs256Jwt } from '../../../src/sandbox/tokens';
import { TEST_TENANT } from './tenant';

const args = process.argv.slice(2);
if (args[0] !== 'account' || args[1] !== 'get-access-token') {
  process.stderr.write(`ERROR: the test az only answers "account get-access-token", not "${args.join(' ')}"\n`);
  process.exit(2);
}
const secret = process.env.CT_TEST_JWT_SECRET;
if (secret === undefined || process.env.CT_TEST_AZ_LOGGED_OUT === '1') {
  process.stderr.write("ERROR: Please run 'az login' to setup account.\n");
  process.exit(1);
}
const nowS = Math.floor(Date.now() / 1000);
const exp = nowS + Number(process.env.CT_TEST_TOKEN_LIFETIME_S ?? 3600);
const roles = (process.env.CT_TEST_ROLES ?? '').split(',').filter((r) => r !== '');
const accessToken = signHs256Jwt({ aud: 'https://servicebus.azure.net', iat: nowS, nbf: nowS, exp, roles, sub: 'test-user', tid: process.env.CT_TEST_TENANT ?? TEST_TENANT }, secret);
// The CLI prints expiresOn in local time as "YYYY-MM-DD HH:MM:SS.ffffff".
const local = new Date(exp * 1000);
const pad = (n: number): string => String(n).padStart(2, '0');
const expiresOn = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())}.000000`;
process.stdout.write(JSON.stringify({ accessToken, expiresOn, expires_on: exp, subscription: 'test-subscription', tenant: process.env.CT_TEST_TENANT ?? TEST_TENANT, tokenType: 'Bearer' }, null, 2));
