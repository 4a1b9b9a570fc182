/**
 * Mocha root hooks for test/aws/**: start ONE moto_server, seed the runbook's estate, and hand both to
 * tests through `getMotoContext()`. Sets dummy credentials for the whole test process.
 */
import { startMoto, seedEstate, type Estate, type MotoServer } from './moto';

export interface MotoContext {
  endpoint: string;
  estate: Estate;
}

let moto: MotoServer | undefined;
let context: MotoContext | undefined;

/** The running, seeded moto (inside test/aws/** only). */
export function getMotoContext(): MotoContext {
  if (!context) {
    throw new Error('moto is not running: run these tests with `npm run test:aws` (mocha --config .mocharc.aws.json)');
  }
  return context;
}

/**
 * Empties moto and seeds the estate again (new ids); for a test that changed the estate and must leave
 * it as it found it. `getMotoContext()` returns the new estate afterwards.
 */
export async function reseedEstate(): Promise<MotoContext> {
  if (!moto) {
    throw new Error('moto is not running');
  }
  await moto.reset();
  context = { endpoint: moto.endpoint, estate: await seedEstate(moto.endpoint) };
  return context;
}

function setTestEnv(): void {
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    setTestEnv();
    moto = await startMoto();
    const estate = await seedEstate(moto.endpoint);
    context = { endpoint: moto.endpoint, estate };
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    context = undefined;
    await moto?.stop();
    moto = undefined;
  },
};
