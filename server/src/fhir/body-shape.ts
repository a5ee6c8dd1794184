// The shape of a parsed JSON body, checked once right after body parsing and before anything reads it:
// - nesting depth: the validator and FHIRPath walk resources recursively, so a body nested thousands of
//   levels deep would exhaust the stack deep inside them;
// - number of values: the work of validating and indexing grows with it, and a 16 MiB body of tiny values
//   holds millions;
// - property names that are members of Object.prototype (`__proto__`, `constructor`, `valueOf`, …): code
//   that looks a key up on a plain object would find the inherited member instead of "absent" (the
//   validator fails on `valueOf`), and no FHIR element has such a name, so refusing them costs nothing.
// The walk is iterative, so the check itself cannot overflow the stack on the bodies it refuses.
import { OperationOutcomeError } from '@medplum/core';
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { NextFunction, Request, Response } from 'express';

export interface BodyShapeLimits {
  /** Deepest nesting of objects and arrays (the body itself is level 1). */
  readonly maxDepth: number;
  /** Most JSON values, the body itself and every nested object, array and primitive counted. */
  readonly maxElements: number;
}

/** Every name Object.prototype answers to, `__proto__` included. */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

interface Frame {
  readonly value: object;
  readonly depth: number;
  readonly parent: Frame | undefined;
  readonly key: string | number | undefined;
}

/** `Patient.name[0].given`, from the frames' keys (built only when a limit is hit). */
function pathOf(frame: Frame | undefined, key?: string | number): string {
  const keys: (string | number)[] = key === undefined ? [] : [key];
  for (let f = frame; f?.key !== undefined; f = f.parent) {
    keys.unshift(f.key);
  }
  let root = frame;
  while (root?.parent) {
    root = root.parent;
  }
  const type = (root?.value as { resourceType?: unknown } | undefined)?.resourceType;
  let path = typeof type === 'string' && /^[A-Za-z]{1,64}$/.test(type) ? type : '$';
  for (const k of keys) {
    path += typeof k === 'number' ? `[${k}]` : `.${k}`;
  }
  return path;
}

function refused(code: 'too-costly' | 'structure', text: string, path: string): OperationOutcomeError {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, details: { text }, expression: [path] }],
  };
  // No id: getStatus (ours and fhir-router's) answers 400 for an error issue that is not an exception.
  return new OperationOutcomeError(outcome);
}

/**
 * Throws a 400 OperationOutcomeError when `body` breaks a limit, naming the limit and where it was hit.
 * @param body - A value from JSON.parse (or a parsed form).
 * @param limits - The configured limits.
 */
export function assertBodyShape(body: unknown, limits: BodyShapeLimits): void {
  if (body === null || typeof body !== 'object') {
    return;
  }
  let elements = 1;
  const stack: Frame[] = [{ value: body, depth: 1, parent: undefined, key: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const isArray = Array.isArray(frame.value);
    const keys = isArray ? undefined : Object.keys(frame.value);
    const size = isArray ? (frame.value as unknown[]).length : (keys as string[]).length;
    elements += size;
    if (elements > limits.maxElements) {
      throw refused(
        'too-costly',
        `The request body has more than ${limits.maxElements} JSON values (limit TARGET_MAX_JSON_ELEMENTS)`,
        pathOf(frame),
      );
    }
    for (let i = 0; i < size; i++) {
      const key = isArray ? i : (keys as string[])[i];
      if (!isArray && PROTOTYPE_NAMES.has(key as string)) {
        throw refused(
          'structure',
          `The property name "${key}" is not allowed: it is a member of every JavaScript object, and no FHIR element has it`,
          pathOf(frame, key),
        );
      }
      const child = (frame.value as Record<string | number, unknown>)[key];
      if (child === null || typeof child !== 'object') {
        continue;
      }
      if (frame.depth + 1 > limits.maxDepth) {
        throw refused(
          'too-costly',
          `The request body nests deeper than ${limits.maxDepth} levels (limit TARGET_MAX_JSON_DEPTH)`,
          pathOf(frame, key),
        );
      }
      stack.push({ value: child, depth: frame.depth + 1, parent: frame, key });
    }
  }
}

/** Express middleware: the check on `req.body`, for every request whose body was parsed (mount after the parsers). */
export function bodyShapeCheck(limits: BodyShapeLimits) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    try {
      assertBodyShape(req.body, limits);
    } catch (err) {
      next(err);
      return;
    }
    next();
  };
}
