import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const helm = process.env.SIGHTLINE_HELM;
if (!helm)
  throw new Error('SIGHTLINE_HELM is not set: run these checks through `npm test`, which builds helm');
const chart = resolve(import.meta.dirname, '..', 'sightline');
const KUBE = ['--kube-version', '1.31.0'];

interface K8sObject {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

function render(...args: string[]): K8sObject[] {
  const out = execFileSync(helm as string, ['template', 'sl', chart, ...KUBE, ...args], { encoding: 'utf8' });
  return parseAllDocuments(out)
    .map((doc) => doc.toJSON() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind} ${name} not rendered`);
  return found;
};

interface Container {
  image: string;
  ports: Array<{ name: string; containerPort: number }>;
  livenessProbe: { httpGet: { path: string } };
  readinessProbe: { httpGet: { path: string } };
  resources: { limits: Record<string, string> };
  securityContext: {
    readOnlyRootFilesystem: boolean;
    allowPrivilegeEscalation: boolean;
    capabilities: { drop: string[] };
  };
  env?: Array<{ name: string; valueFrom: unknown }>;
}
interface PodSpec {
  securityContext: { runAsNonRoot: boolean };
  containers: Container[];
}
const podOf = (deployment: K8sObject) => (deployment.spec as { template: { spec: PodSpec } }).template.spec;

describe('helm chart', () => {
  it('passes helm lint --strict with every values file', () => {
    for (const values of [
      [],
      ['-f', `${chart}/ci/minimal-values.yaml`],
      ['-f', `${chart}/ci/production-values.yaml`],
    ]) {
      expect(() =>
        execFileSync(helm, ['lint', '--strict', chart, ...KUBE, ...values], { encoding: 'utf8' }),
      ).not.toThrow();
    }
  });

  it('renders a Deployment, Service and ConfigMap for each of the seven services', () => {
    const objects = render();
    const names = [
      'gateway',
      'identity',
      'catalog',
      'ingestion',
      'ai-analytics',
      'export',
      'notifications',
    ].map((s) => `sl-${s}`);
    for (const kind of ['Deployment', 'Service', 'ConfigMap'] as const) {
      expect(
        byKind(objects, kind)
          .map((o) => o.metadata.name)
          .sort(),
      ).toEqual([...names].sort());
    }
  });

  it('runs every pod non-root on a read-only filesystem with probes and resources', () => {
    for (const deployment of byKind(render(), 'Deployment')) {
      const pod = podOf(deployment);
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      const [container] = pod.containers;
      expect(container?.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(container?.livenessProbe.httpGet.path).toBe('/healthz');
      expect(container?.readinessProbe.httpGet.path).toBe('/readyz');
      expect(container?.resources.limits.memory).toBeTruthy();
    }
  });

  it('points the gateway at every service and the services at the external infrastructure', () => {
    const objects = render();
    const gateway = named(objects, 'ConfigMap', 'sl-gateway').data ?? {};
    expect(gateway).toMatchObject({
      PORT: '8080',
      CATALOG_HTTP_URL: 'http://sl-catalog:8082',
      CATALOG_GRPC_ADDR: 'sl-catalog:50052',
      AI_ANALYTICS_HTTP_URL: 'http://sl-ai-analytics:8084',
      AI_ANALYTICS_GRPC_ADDR: 'sl-ai-analytics:50054',
      // Behind the cluster's ingress, per-IP limits count the client the ingress names.
      TRUSTED_PROXIES: 'private',
    });
    expect(gateway).not.toHaveProperty('MONGO_URL');
    expect(named(objects, 'ConfigMap', 'sl-catalog').data).toMatchObject({
      MONGO_URL: 'mongodb://mongodb:27017',
      KAFKA_BROKERS: 'kafka:9092',
      HTTP_PORT: '8082',
      GRPC_PORT: '50052',
    });
    expect(named(objects, 'ConfigMap', 'sl-identity').data).toMatchObject({
      INGESTION_GRPC_ADDR: 'sl-ingestion:50053',
    });
    expect(named(objects, 'ConfigMap', 'sl-export').data).not.toHaveProperty('MONGO_URL');
    expect(named(objects, 'ConfigMap', 'sl-ingestion').data).toMatchObject({
      CATALOG_GRPC_ADDR: 'sl-catalog:50052',
      MAX_UPLOAD_BYTES: '1073741824',
      DUCKDB_MEMORY_LIMIT: '160MB',
    });
    const ingestionPod = podOf(named(objects, 'Deployment', 'sl-ingestion')) as unknown as {
      volumes: Array<{ name: string; emptyDir: { sizeLimit?: string } }>;
    };
    expect(ingestionPod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '4Gi' } }]);
    const catalogPod = podOf(named(objects, 'Deployment', 'sl-catalog')) as unknown as {
      volumes: Array<{ name: string; emptyDir: object }>;
    };
    expect(catalogPod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
  });

  it('takes image, replicas, secrets and service type from values', () => {
    const objects = render('-f', `${chart}/ci/production-values.yaml`);
    const gateway = named(objects, 'Deployment', 'sl-gateway');
    expect(gateway.spec?.replicas).toBe(3);
    expect(named(objects, 'Deployment', 'sl-catalog').spec?.replicas).toBe(2);
    expect(podOf(gateway).containers[0]?.image).toBe('registry.example.com/sightline/gateway:0.1.0');
    expect(named(objects, 'Service', 'sl-gateway').spec?.type).toBe('LoadBalancer');
    expect(named(objects, 'ConfigMap', 'sl-catalog').data).not.toHaveProperty('MONGO_URL');
    expect(podOf(named(objects, 'Deployment', 'sl-catalog')).containers[0]?.env).toEqual([
      {
        name: 'INTERNAL_AUTH_SECRET',
        valueFrom: { secretKeyRef: { name: 'sightline-internal-auth', key: 'INTERNAL_AUTH_SECRET' } },
      },
      { name: 'MONGO_URL', valueFrom: { secretKeyRef: { name: 'sightline-mongo', key: 'MONGO_URL' } } },
    ]);
    expect(podOf(named(objects, 'Deployment', 'sl-identity')).containers[0]?.env).toContainEqual({
      name: 'SIGHTLINE_ADMIN_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'sightline-admin', key: 'SIGHTLINE_ADMIN_PASSWORD' } },
    });
    expect(byKind(objects, 'Secret')).toEqual([]);
  });

  it('generates the shared internal secret unless one is given, and hands it to every pod', () => {
    const objects = render();
    const secret = named(objects, 'Secret', 'sl-internal-auth') as K8sObject & {
      stringData: Record<string, string>;
    };
    expect(secret.stringData.INTERNAL_AUTH_SECRET).toHaveLength(48);
    for (const deployment of byKind(objects, 'Deployment')) {
      expect(podOf(deployment).containers[0]?.env).toContainEqual({
        name: 'INTERNAL_AUTH_SECRET',
        valueFrom: { secretKeyRef: { name: 'sl-internal-auth', key: 'INTERNAL_AUTH_SECRET' } },
      });
    }
    const given = render('--set', `internalAuth.secret=${'x'.repeat(40)}`);
    expect(
      (named(given, 'Secret', 'sl-internal-auth') as K8sObject & { stringData: Record<string, string> })
        .stringData.INTERNAL_AUTH_SECRET,
    ).toBe('x'.repeat(40));
    expect(named(objects, 'ConfigMap', 'sl-identity').data).toMatchObject({
      SIGHTLINE_ADMIN_EMAIL: 'admin@sightline.local',
    });
  });

  it('leaves disabled services out, including from the gateway’s routes', () => {
    const objects = render('-f', `${chart}/ci/minimal-values.yaml`);
    expect(
      byKind(objects, 'Deployment')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['sl-gateway', 'sl-identity']);
    expect(named(objects, 'ConfigMap', 'sl-gateway').data).not.toHaveProperty('CATALOG_HTTP_URL');
  });

  it('refuses values the schema rules out', () => {
    expect(() =>
      execFileSync(helm, ['template', 'sl', chart, ...KUBE, '--set', 'infrastructure.kafkaBrokers=no port'], {
        encoding: 'utf8',
        stdio: 'pipe',
      }),
    ).toThrow(/kafkaBrokers/);
  });
});
