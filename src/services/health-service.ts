import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { type Health, HealthCheckResponse_ServingStatus as Status } from "../../gen/ts/grpc/health/v1/health_pb.js";

/**
 * HealthState is what the health service reports: SERVING until the server
 * starts draining, then NOT_SERVING so load balancers stop sending new calls.
 */
export class HealthState {
  #serving = true;
  readonly #listeners = new Set<() => void>();

  get serving(): boolean {
    return this.#serving;
  }

  /** drain marks the server NOT_SERVING and tells every Watch stream. */
  drain(): void {
    this.#serving = false;
    for (const listener of this.#listeners) listener();
  }

  /** changed resolves on the next status change or when `signal` aborts. */
  changed(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.#listeners.delete(done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.#listeners.add(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }
}

/**
 * createHealthService implements grpc.health.v1.Health for the server as a
 * whole ("") and for each named service. It needs no credentials.
 */
export function createHealthService(state: HealthState, serviceNames: readonly string[]): ServiceImpl<typeof Health> {
  const known = new Set(["", ...serviceNames]);
  const status = () => (state.serving ? Status.SERVING : Status.NOT_SERVING);
  return {
    check(req) {
      if (!known.has(req.service)) throw new ConnectError(`unknown service ${req.service}`, Code.NotFound);
      return { status: status() };
    },
    async *watch(req, context) {
      if (!known.has(req.service)) {
        yield { status: Status.SERVICE_UNKNOWN };
        return;
      }
      yield { status: status() };
      while (state.serving && !context.signal.aborted) {
        await state.changed(context.signal);
        if (!context.signal.aborted) yield { status: status() };
      }
    },
  };
}
