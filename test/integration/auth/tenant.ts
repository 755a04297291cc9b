// The Microsoft Entra tenant of the sandbox's namespace in the token tests; the test az signs tokens for it.
export const TEST_TENANT = 'test-tenant';
