/**
 * `npm start`: `glossa serve --ingest-corpus` (src/commands/serve.ts): open (create, migrate)
 * the database, ingest the corpus folder when the TM is empty, and serve the API and the page
 * on 127.0.0.1:8787 (PORT, HOST override). A bad setting is one line on stderr and exit 2.
 */
import { main } from './cli.js';

process.exitCode = await main(['serve', '--ingest-corpus']);
