// `npm test`: provision the real infrastructure, then lint, typecheck, build, unit tests,
// integration and end-to-end tests, and the deployment checks. Exits non-zero on any failure.
import { ensureInfra } from './infra/index.js';
import { ensureGoTool, ensurePnpmShim, runStep, toolEnv } from './toolchain.js';

interface Tally {
  passed: number;
  failed: number;
}

/** Reads vitest's summary lines ("Tests  3 failed | 40 passed (43)") as they stream by. */
function counter(tally: Tally): (line: string) => void {
  return (line) => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colours.
    const plain = line.replace(/\u001b\[[0-9;]*m/g, '');
    const match = /^\S*\s*Tests\s+(.*\(\d+\))\s*$/.exec(plain.replace(/^.*?:\s+(?=Tests)/, ''));
    if (!match?.[1]) return;
    tally.passed += Number(/(\d+) passed/.exec(match[1])?.[1] ?? 0);
    tally.failed += Number(/(\d+) failed/.exec(match[1])?.[1] ?? 0);
  };
}

async function main(): Promise<number> {
  const integrationOnly = process.argv.includes('--integration-only');
  ensurePnpmShim();
  const tally: Tally = { passed: 0, failed: 0 };
  const failures: string[] = [];
  const step = async (name: string, command: string, args: string[], env = toolEnv()) => {
    console.log(`\n==> ${name}`);
    const code = await runStep(command, args, env, counter(tally));
    if (code !== 0) failures.push(`${name} (exit ${code})`);
  };

  const infraEnv = await ensureInfra();
  const helm = await ensureGoTool('helm');
  const testEnv = toolEnv({ ...infraEnv, SIGHTLINE_HELM: helm });

  if (!integrationOnly) {
    await step('lint and format (biome)', 'pnpm', ['exec', 'biome', 'check', '.']);
    await step('typecheck scripts and benches', 'pnpm', ['exec', 'tsc', '-p', 'tsconfig.json']);
    await step('proto lint, typecheck, build, unit tests', 'pnpm', [
      'exec',
      'turbo',
      'run',
      'lint',
      'typecheck',
      'build',
      'test:unit',
      '--continue',
      '--output-logs=full',
    ]);
  }
  // One package at a time: fault tests stop and restart the shared Kafka broker.
  await step(
    'integration and end-to-end tests (real MongoDB-wire server, Kafka, Redis)',
    'pnpm',
    ['exec', 'turbo', 'run', 'test:integration', '--concurrency=1', '--continue', '--output-logs=new-only'],
    testEnv,
  );

  console.log('');
  if (failures.length > 0) console.log(`Failed steps: ${failures.join('; ')}`);
  console.log(`${tally.passed} passed, ${tally.failed} failed`);
  return failures.length === 0 && tally.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
