/**
 * Every group of API routes, in the order they are registered: adding a group is one file of
 * routes plus one entry here (with what it needs from ApiDeps, and the HTTP status of its codes).
 */
import type { FastifyInstance } from 'fastify';
import type { ErrorCode } from '../errors';
import { registerOutboxRoutes } from '../upstream/api-routes';
import { holdRoutes } from './routes-holds';
import { opsRoutes } from './routes-ops';
import { SERIAL_STATUS, serialRoutes } from './routes-serials';
import { stationRoutes } from './routes-stations';
import { traceRoutes } from './routes-trace';
import { unitRoutes } from './routes-units';
import type { ApiDeps } from './server';

/** One group of routes. */
export interface RouteGroup {
  name: string;
  /** registers the group's routes; a group whose part is absent from `deps` registers nothing. */
  register(app: FastifyInstance, deps: ApiDeps): void;
  /** HTTP status of the error codes the group's work throws (LinegateError → status). */
  status?: Partial<Record<ErrorCode, number>>;
}

export const routeGroups: readonly RouteGroup[] = [
  { name: 'stations', register: (app, d) => stationRoutes(app, d.stations) },
  { name: 'units', register: (app, d) => unitRoutes(app, d.units) },
  { name: 'holds', register: (app, d) => d.release && holdRoutes(app, d.release) },
  { name: 'trace', register: (app, d) => traceRoutes(app, d.units) },
  { name: 'ops', register: (app, d) => d.ops && opsRoutes(app, d.ops, { log: d.log }) },
  { name: 'outbox', register: (app, d) => d.outbox && registerOutboxRoutes(app, d.outbox) },
  {
    name: 'serials',
    register: (app, d) => d.serials && serialRoutes(app, d.serials),
    status: SERIAL_STATUS,
  },
];

/** Registers every group (in order) whose part `deps` has. */
export function registerRoutes(app: FastifyInstance, deps: ApiDeps): void {
  for (const group of routeGroups) group.register(app, deps);
}

/** The HTTP status of each group's error codes, merged. */
export function groupStatus(): Partial<Record<ErrorCode, number>> {
  return Object.assign({}, ...routeGroups.map((g) => g.status ?? {})) as Partial<Record<ErrorCode, number>>;
}
