import { isMethodName, methods, type ServiceImplementation } from '../shared/contract';
import type { Envelope } from '../shared/envelope';
import { FirthError, serializeError } from '../shared/errors';

export type Dispatch = (method: unknown, input: unknown) => Promise<Envelope<unknown>>;

/**
 * The one gate every transport calls through: the method name must be in the contract, the input
 * must match its schema, and whatever happens the caller gets an envelope back, never a throw.
 */
export function createDispatcher(service: ServiceImplementation): Dispatch {
  return async (method, input) => {
    try {
      if (!isMethodName(method)) {
        throw new FirthError('not-found', `Unknown method ${JSON.stringify(method)}`, { field: 'method' });
      }
      const parsed = methods[method].input.safeParse(input ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.join('.') || undefined;
        throw new FirthError('invalid-input', issue?.message ?? `Invalid input for ${method}`, field ? { field } : undefined);
      }
      const call = service[method] as (value: unknown) => Promise<unknown>;
      const value = await call.call(service, parsed.data);
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: serializeError(error) };
    }
  };
}
