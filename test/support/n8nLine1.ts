/**
 * Runs before each test file of the "n8n 1.x" jest project (jest.config.js).
 */
import { Container } from '@n8n/di';
import { SSHClientsManager } from 'n8n-core-v1/dist/execution-engine/ssh-clients-manager';

// n8n 1.x's default expression engine needs isolated-vm, which no Node 20 install has built
// (ignore-scripts); n8n 1.x itself runs with the legacy engine there, as the runtime installer starts it.
process.env.N8N_EXPRESSION_ENGINE = 'legacy';

// n8n-core 1.x starts a one-minute cleanup interval that it never unrefs (2.x does), which keeps a
// test file's process alive after its tests; n8n calls onShutdown when the process ends.
afterAll(() => Container.get(SSHClientsManager).onShutdown());
