// Prints this network namespace's local configuration as JSON, so a lab test can run the real
// reader inside a namespace: `ip netns exec <ns> node --import tsx test/helpers/read-local-config.ts`.
import { createLocalConfigReader } from '../../app/probes/local/index.js';

const reader = createLocalConfigReader();
const [config, neighbours] = await Promise.all([reader.read(), reader.readNeighbours()]);
process.stdout.write(`${JSON.stringify({ config, neighbours })}\n`);
