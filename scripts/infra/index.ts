import { rmSync } from 'node:fs';
import { COMPONENTS, type Component, kafkaBroker, redisServer } from './components.js';
import { INFRA_DIR } from './paths.js';

export { COMPONENTS, INFRA_DIR, kafkaBroker, redisServer };

/** The addresses services use: MONGO_URL, KAFKA_BROKERS, REDIS_URL. */
export type InfraEnv = Record<Component['envVar'], string>;

/**
 * Makes Redis, Kafka and a MongoDB-wire server answer. A variable already set in the
 * environment means that dependency is external: nothing is provisioned for it.
 * Independent components start side by side.
 */
export async function ensureInfra(env: NodeJS.ProcessEnv = process.env): Promise<InfraEnv> {
  const result = {} as InfraEnv;
  await Promise.all(
    COMPONENTS.map(async (component) => {
      const external = env[component.envVar];
      if (external) {
        result[component.envVar] = external;
        console.log(`[infra] ${component.name}: external (${component.envVar} is set)`);
        return;
      }
      const how = await component.up();
      result[component.envVar] = component.localValue;
      console.log(`[infra] ${component.name}: ${how} at ${component.localValue}`);
    }),
  );
  return result;
}

/** Stops what the project started (external dependencies are left alone). */
export async function stopInfra(): Promise<void> {
  for (const component of COMPONENTS) {
    const stopped = await component.down();
    console.log(`[infra] ${component.name}: ${stopped ? 'stopped' : 'was not running (from here)'}`);
  }
}

/** Stops everything and deletes all local data. */
export async function resetInfra(): Promise<void> {
  await stopInfra();
  for (const component of COMPONENTS) rmSync(component.dir, { recursive: true, force: true });
  console.log(`[infra] data under ${INFRA_DIR} removed (downloaded jars kept)`);
}

/** Finds a component by name, for the CLI and fault tests. */
export function component(name: string): Component {
  const found = COMPONENTS.find((c) => c.name === name);
  if (!found)
    throw new Error(`unknown component ${name}; one of ${COMPONENTS.map((c) => c.name).join(', ')}`);
  return found;
}
