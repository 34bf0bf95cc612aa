/** The published CLI's entry (bundled by scripts/build-cli.mjs): run, then exit with the status. */
import { main } from './main';

process.exitCode = await main(process.argv.slice(2));
