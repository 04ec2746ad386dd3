/**
 * Failures every use case may return, whatever the resource. Resource-specific failures live next
 * to their use cases; src/http/error-map.ts turns each into exactly one HTTP response.
 */

/** One invalid field, in Greenfield's 422 shape: `path` names the field (`""` for the whole body). */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  readonly code = 'validation-failed';
  constructor(readonly problems: readonly FieldProblem[]) {
    super(problems.map((problem) => `${problem.path || '(body)'}: ${problem.message}`).join('; '));
  }
}

export const validationError = (path: string, message: string): ValidationError =>
  new ValidationError([{ path, message }]);
