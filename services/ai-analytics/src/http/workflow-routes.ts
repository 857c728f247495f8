import { isoTimestamp } from '@sightline/errors';
import { sendResult, validate } from '@sightline/http-kit';
import { PRINCIPAL_HEADER, principalFromHeader } from '@sightline/principal';
import type { Express, Request } from 'express';
import { z } from 'zod';
import { workflowStepSchema } from '../domain/workflow.js';
import type { WorkflowRun } from '../store/workflow-store.js';
import type { Workflows } from '../use-cases/workflows.js';

const workflowBody = z
  .object({
    workflow_name: z.string().trim().min(1, 'must not be empty').max(200),
    steps: z.array(workflowStepSchema).min(1, 'needs at least one step').max(20),
    options: z
      .object({
        parallel_execution: z.boolean().default(false),
        save_intermediate_results: z.boolean().default(false),
      })
      .strict()
      .default({ parallel_execution: false, save_intermediate_results: false }),
  })
  .strict();

function runView(run: WorkflowRun) {
  return {
    workflow_id: run.id,
    workflow_name: run.name,
    status: run.status,
    ...(run.error ? { error: run.error } : {}),
    options: run.options,
    steps: run.steps,
    ...(run.results ? { results: run.results } : {}),
    created_at: isoTimestamp(run.createdAt),
    ...(run.completedAt ? { completed_at: isoTimestamp(run.completedAt) } : {}),
  };
}

/** `POST /api/v1/ai/workflow` (201 finished, or 202 still running) and `GET /api/v1/ai/workflow/{id}`. */
export function registerWorkflowRoutes(app: Express, deps: { workflows: Workflows; secret: string }): void {
  const actor = (req: Request) => principalFromHeader(req.headers[PRINCIPAL_HEADER], deps.secret);

  app.post('/api/v1/ai/workflow', async (req, res) => {
    const principal = actor(req);
    const body = validate(workflowBody, req.body);
    const run = await deps.workflows.start(principal, {
      name: body.workflow_name,
      steps: body.steps,
      parallel: body.options.parallel_execution,
      saveIntermediate: body.options.save_intermediate_results,
    });
    const running = run.status === 'running';
    sendResult(req, res, runView(run), {
      status: running ? 202 : 201,
      message: running ? 'Workflow running; poll GET /api/v1/ai/workflow/{id}' : `Workflow ${run.status}`,
    });
  });

  app.get('/api/v1/ai/workflow/:id', async (req, res) => {
    sendResult(req, res, runView(await deps.workflows.get(actor(req), String(req.params.id))));
  });
}
