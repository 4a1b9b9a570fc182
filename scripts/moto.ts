/**
 * `npx tsx scripts/moto.ts`: starts moto_server, seeds the DR runbook's estate, starts a DNS server
 * that answers from moto's Route 53 zone, prints one JSON line
 * `{ "endpoint": ..., "dnsServer": "127.0.0.1:PORT", "estate": {...} }`, and runs until SIGINT/SIGTERM.
 * `startSeededMoto()` is the same for a start script that wants to keep running its own things.
 */
import { startSeededMoto } from '../test/harness/environment';

export { startSeededMoto };

async function main(): Promise<void> {
  const started = await startSeededMoto();
  console.log(JSON.stringify({ endpoint: started.endpoint, dnsServer: started.dnsServer, estate: started.estate }));
  const shutdown = (): void => {
    void started.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
