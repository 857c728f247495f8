import { AppError, successBody } from '@sightline/errors';
import type { Request, Response } from 'express';
import type { z } from 'zod';

/** Sends a domain result in the request's dialect (the resource itself in v1, the envelope in platform). */
export function sendResult(
  req: Request,
  res: Response,
  data: unknown,
  options: { status?: number; message?: string } = {},
): void {
  res.status(options.status ?? 200).json(successBody(req.dialect, data, options.message));
}

/** Parses untrusted input with a zod schema; the first problem becomes a VALIDATION_ERROR naming the field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : 'Invalid request';
  throw new AppError('validation', message, {
    ...(field ? { field } : {}),
    details: {
      issues: result.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })),
    },
  });
}
