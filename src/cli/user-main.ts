/** Process entry of `npm run user`: like src/main.ts, the one place this CLI reads the environment. */
import { main } from './user.js';

process.exitCode = await main(process.argv.slice(2), process.env);
