// The outside services the Worker calls, as local fakes on fixed ports for the workerd test projects
// (their bindings are fixed in tests/vitest.config.ts): OONI with the dev fixtures, and a webhook.

export const FAKE_OONI_PORT = 18799;
export const FAKE_WEBHOOK_PORT = 18800;
export const FAKE_OONI_URL = `http://127.0.0.1:${FAKE_OONI_PORT}`;
export const FAKE_WEBHOOK_URL = `http://127.0.0.1:${FAKE_WEBHOOK_PORT}`;
