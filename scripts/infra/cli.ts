import { portOpen } from './process.js';
import { COMPONENTS, component, ensureInfra, INFRA_DIR, resetInfra, stopInfra } from './index.js';

const [command = 'status', name] = process.argv.slice(2);

async function main(): Promise<void> {
  switch (command) {
    case 'up': {
      let env: Record<string, string>;
      if (name) {
        const one = component(name);
        await one.up();
        env = { [one.envVar]: one.localValue };
      } else {
        env = await ensureInfra();
      }
      console.log(`[infra] data and logs under ${INFRA_DIR}`);
      for (const [key, value] of Object.entries(env)) console.log(`export ${key}=${value}`);
      return;
    }
    case 'down':
      if (name) console.log(`[infra] ${name}: ${(await component(name).down()) ? 'stopped' : 'not running'}`);
      else await stopInfra();
      return;
    case 'reset':
      await resetInfra();
      return;
    case 'status':
      for (const c of COMPONENTS) {
        console.log(`${c.name.padEnd(6)} ${(await portOpen(c.port)) ? 'up  ' : 'down'} ${c.localValue}`);
      }
      return;
    default:
      console.error('usage: infra up|down|reset|status [redis|kafka|mongo]');
      process.exit(2);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
