import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureMavenLibs } from './maven.js';
import { INFRA_DIR, PORTS } from './paths.js';
import {
  capture,
  ensureDebianPackage,
  portOpen,
  run,
  startDetached,
  stopFromPidFile,
  waitForPort,
} from './process.js';

/** One piece of local infrastructure that the project can provision and stop. */
export interface Component {
  name: 'redis' | 'kafka' | 'mongo';
  /** The environment variable that points at an external instance instead. */
  envVar: 'REDIS_URL' | 'KAFKA_BROKERS' | 'MONGO_URL';
  /** The value of envVar for the local instance. */
  localValue: string;
  port: number;
  /** Installs what is missing and starts the process; reuses one already answering on the port. */
  up(): Promise<'started' | 'reused'>;
  /** Stops the process this project started, if any. */
  down(): Promise<boolean>;
  dir: string;
}

const dirOf = (name: string) => join(INFRA_DIR, name);
const pidFile = (name: string) => join(dirOf(name), `${name}.pid`);
const logFile = (name: string) => join(dirOf(name), `${name}.log`);

/** A Redis server holding only counters and caches (no persistence); fault tests make their own. */
export function redisServer(options: { port: number; dir: string }): Component {
  const { port, dir } = options;
  const pid = join(dir, 'redis.pid');
  const log = join(dir, 'redis.log');
  return {
    name: 'redis',
    envVar: 'REDIS_URL',
    localValue: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async up() {
      if (await portOpen(port)) return 'reused';
      await ensureDebianPackage('redis-server', 'redis-server');
      mkdirSync(dir, { recursive: true });
      // biome-ignore format: one flag and its value per pair reads best
      await run('redis-server', [
        '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no',
        '--daemonize', 'yes', '--pidfile', pid, '--logfile', log, '--dir', dir,
      ]);
      await waitForPort('redis', port, 10_000, log);
      return 'started';
    },
    down: () => stopFromPidFile(pid),
  };
}

export const redis: Component = redisServer({ port: PORTS.redis, dir: dirOf('redis') });

function kafkaClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export interface KafkaOptions {
  port: number;
  controllerPort: number;
  /** Holds the broker's data, config, log and pid file. */
  dir: string;
}

/**
 * A single-node KRaft broker. The shared one serves development and tests; fault tests make
 * one of their own on other ports, so stopping it disturbs nobody.
 */
export function kafkaBroker(options: KafkaOptions): Component {
  const { port, controllerPort, dir } = options;
  const pid = join(dir, 'kafka.pid');
  const log = join(dir, 'kafka.log');
  return {
    name: 'kafka',
    envVar: 'KAFKA_BROKERS',
    localValue: `127.0.0.1:${port}`,
    port,
    dir,
    async up() {
      if (await portOpen(port)) return 'reused';
      const libs = join(INFRA_DIR, 'libs', 'kafka');
      const data = join(dir, 'data');
      await ensureMavenLibs('kafka', libs);
      mkdirSync(data, { recursive: true });
      const properties = join(dir, 'server.properties');
      writeFileSync(
        properties,
        [
          'process.roles=broker,controller',
          'node.id=1',
          `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
          `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
          `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
          'controller.listener.names=CONTROLLER',
          'inter.broker.listener.name=PLAINTEXT',
          'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
          `log.dirs=${data}`,
          // A single broker: every internal topic has one replica, or consumer groups never form.
          'offsets.topic.replication.factor=1',
          'offsets.topic.num.partitions=1',
          'transaction.state.log.replication.factor=1',
          'transaction.state.log.min.isr=1',
          'share.coordinator.state.topic.replication.factor=1',
          'share.coordinator.state.topic.min.isr=1',
          'group.initial.rebalance.delay.ms=0',
          'auto.create.topics.enable=true',
          'num.partitions=3',
          '',
        ].join('\n'),
      );
      const log4j = join(dir, 'log4j2.properties');
      writeFileSync(
        log4j,
        [
          'rootLogger.level=WARN',
          'rootLogger.appenderRef.stderr.ref=STDERR',
          'appender.stderr.type=Console',
          'appender.stderr.name=STDERR',
          'appender.stderr.target=SYSTEM_ERR',
          'appender.stderr.layout.type=PatternLayout',
          'appender.stderr.layout.pattern=[%d] %p %m (%c)%n',
          '',
        ].join('\n'),
      );
      const classpath = `${libs}/*`;
      const logConfig = `-Dlog4j2.configurationFile=${log4j}`;
      if (!existsSync(join(data, 'meta.properties'))) {
        capture('java', [
          logConfig,
          '-cp',
          classpath,
          'kafka.tools.StorageTool',
          'format',
          '-t',
          kafkaClusterId(),
          '-c',
          properties,
        ]);
      }
      startDetached(
        'java',
        ['-Xms256m', '-Xmx512m', '-XX:+UseSerialGC', logConfig, '-cp', classpath, 'kafka.Kafka', properties],
        log,
        pid,
      );
      await waitForPort('kafka', port, 90_000, log);
      return 'started';
    },
    down: () => stopFromPidFile(pid, 30_000),
  };
}

export const kafka: Component = kafkaBroker({
  port: PORTS.kafka,
  controllerPort: PORTS.kafkaController,
  dir: dirOf('kafka'),
});

export const mongo: Component = {
  name: 'mongo',
  envVar: 'MONGO_URL',
  localValue: `mongodb://127.0.0.1:${PORTS.mongo}`,
  port: PORTS.mongo,
  dir: dirOf('mongo'),
  async up() {
    if (await portOpen(PORTS.mongo)) return 'reused';
    const dir = dirOf('mongo');
    const libs = join(INFRA_DIR, 'libs', 'mongo');
    await ensureMavenLibs('mongo', libs);
    mkdirSync(dir, { recursive: true });
    // mongo-java-server with its H2 backend keeps data on disk in one file, bound to localhost.
    startDetached(
      'java',
      [
        '-Xms128m',
        '-Xmx2g',
        '-XX:+UseSerialGC',
        '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
        '-cp',
        `${libs}/*`,
        'de.bwaldvogel.mongo.H2MongoServer',
        join(dir, 'sightline.mv'),
      ],
      logFile('mongo'),
      pidFile('mongo'),
    );
    await waitForPort('mongo', PORTS.mongo, 60_000, logFile('mongo'));
    return 'started';
  },
  down: () => stopFromPidFile(pidFile('mongo')),
};

export const COMPONENTS: Component[] = [redis, kafka, mongo];
