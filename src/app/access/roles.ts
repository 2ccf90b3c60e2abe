/**
 * Who may do what, as pure functions over the caller's identity (DESIGN.md "Access"). The HTTP
 * adapter authenticates a request into an Identity and asks decide() with the route's declared
 * access; nothing here knows about HTTP.
 */
export const ROLES = ['administrator', 'supervisor', 'monitor', 'developer', 'agent'] as const;
export type Role = (typeof ROLES)[number];

/** What an API key may be scoped to (besides services). */
export const API_OPERATIONS = ['create', 'read', 'cancel', 'reschedule'] as const;
export type ApiOperation = (typeof API_OPERATIONS)[number];

export type Identity =
  | { kind: 'anonymous' }
  /** A signed-in user (an agent is a user with role 'agent' and its agent id), or the admin token. */
  | { kind: 'user'; userId: string; role: Role; agentId?: string; sessionId?: string }
  | { kind: 'api-key'; keyId: string; services: string[] | 'all'; operations: ApiOperation[] }
  /** Prometheus with the metrics token. */
  | { kind: 'scraper' };

/**
 * Who a route admits. A role admits a user with that role; 'agent:self' admits an agent only for
 * its own id; 'holder' admits whoever shows the callback's management token; 'api-key' admits a key
 * scoped to `operation`; 'public' admits everyone (anonymous too).
 */
export type Principal = Role | 'agent:self' | 'holder' | 'api-key' | 'scraper' | 'public' | 'signed-in';
export interface RouteAccess { allow: Principal[]; operation?: ApiOperation }

/** What decide() needs to know about the request's target. */
export interface AccessTarget {
  agentId?: string;
  /** Does the request carry this callback's management token? */
  holdsToken?: boolean;
}

export type Decision = { allowed: true; via: Principal } | { allowed: false; code: 'UNAUTHORIZED' | 'FORBIDDEN'; message: string };

const admits = (p: Principal, who: Identity, access: RouteAccess, target: AccessTarget): boolean => {
  switch (p) {
    case 'public': return true;
    case 'holder': return target.holdsToken === true;
    case 'scraper': return who.kind === 'scraper';
    case 'signed-in': return who.kind === 'user';
    case 'api-key': return who.kind === 'api-key' && (access.operation === undefined || who.operations.includes(access.operation));
    case 'agent:self': return who.kind === 'user' && who.role === 'agent' && who.agentId !== undefined && who.agentId === target.agentId;
    default: return who.kind === 'user' && who.role === p;
  }
};

/** Undeclared access (undefined) is refused for everyone: a forgotten route fails closed. */
export function decide(access: RouteAccess | undefined, who: Identity, target: AccessTarget = {}): Decision {
  if (!access) return { allowed: false, code: 'FORBIDDEN', message: 'This route declares no access; nobody may use it.' };
  const via = access.allow.find((p) => admits(p, who, access, target));
  if (via) return { allowed: true, via };
  if (who.kind === 'anonymous') {
    const holder = access.allow.includes('holder');
    return {
      allowed: false, code: 'UNAUTHORIZED',
      message: holder ? 'Send the management token from the create answer as "x-management-token", or sign in.'
        : 'Sign in, or send "Authorization: Bearer <token>".',
    };
  }
  return { allowed: false, code: 'FORBIDDEN', message: forbidden(who, access) };
}

const forbidden = (who: Identity, access: RouteAccess): string =>
  who.kind === 'api-key' && access.allow.includes('api-key')
    ? `This API key is not scoped to '${access.operation}'.`
    : 'Your role may not do this.';

/** May this API key act on this service? Other identities are not limited per service. */
export const serviceInScope = (who: Identity, serviceId: string): boolean =>
  who.kind !== 'api-key' || who.services === 'all' || who.services.includes(serviceId);

/** One-line declarations for routes. */
export const access = {
  public: { allow: ['public'] } as RouteAccess,
  roles: (...allow: Principal[]): RouteAccess => ({ allow }),
  withKey: (operation: ApiOperation, ...allow: Principal[]): RouteAccess => ({ allow: [...allow, 'api-key'], operation }),
};
