/** Request and response schemas (TypeBox → JSON Schema → Ajv and OpenAPI). Strict: no unknown fields. */
import { Type, type Static } from '@sinclair/typebox';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' });
const Name = Type.String({ minLength: 1, maxLength: 100 });
export const IsoWithOffset = Type.String({
  format: 'date-time',
  // Seconds 00-59 only: a leap second (":60") passes the date-time format but Date.parse gives NaN.
  pattern: '^\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
  description: 'ISO-8601 instant with an explicit offset, e.g. 2026-12-01T10:30:00+01:00',
});

// Loose bounds here (so an oversized subscription gets its own 413 code); the exact checks per
// channel are src/app/callins/push-intake.ts.
const Loose = Type.String({ minLength: 1, maxLength: 8192 });
export const PushTargetBody = Type.Object(
  {
    channel: Type.Union([Type.Literal('webpush'), Type.Literal('fcm'), Type.Literal('apns')]),
    subscription: Type.Optional(Type.Object(
      {
        endpoint: Loose,
        expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
        keys: Type.Object({ p256dh: Loose, auth: Loose }, { additionalProperties: false }),
      },
      { additionalProperties: false, description: 'PushSubscription.toJSON() of the browser' },
    )),
    token: Type.Optional(Loose),
  },
  { additionalProperties: false },
);

export const CreateCallbackBody = Type.Object(
  {
    serviceId: Type.Optional(Id),
    subjectId: Type.Optional(Id),
    phone: Type.String({ minLength: 1, maxLength: 40, description: 'E.164, or national with the service default country' }),
    firstName: Type.Optional(Name),
    lastName: Type.Optional(Name),
    customerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    language: Type.Optional(Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$' })),
    notes: Type.Optional(Type.String({ maxLength: 1000 })),
    context: Type.Optional(
      Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 2000 }), { maxProperties: 30 }),
    ),
    desiredTime: Type.Optional(IsoWithOffset),
    slotStart: Type.Optional(IsoWithOffset),
    mode: Type.Optional(Type.Union([Type.Literal('call-back'), Type.Literal('call-in-delayed')], {
      description: 'call-in-delayed: not dialled; "callback ready" is pushed and the customer calls in (needs push)',
    })),
    push: Type.Optional(PushTargetBody),
  },
  { additionalProperties: false },
);
export type CreateCallbackBody = Static<typeof CreateCallbackBody>;

export const RescheduleBody = Type.Object(
  { desiredTime: Type.Optional(IsoWithOffset), slotStart: Type.Optional(IsoWithOffset) },
  { additionalProperties: false },
);
export type RescheduleBody = Static<typeof RescheduleBody>;

export const CancelQuery = Type.Object(
  {
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    token: Type.Optional(Type.String({ maxLength: 200, description: 'management token, if it cannot be sent as x-management-token' })),
  },
  { additionalProperties: false },
);

export const BulkCancelBody = Type.Object(
  {
    ids: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 1000 }),
    reason: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type BulkCancelBody = Static<typeof BulkCancelBody>;

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const AvailabilityQuery = Type.Object(
  {
    from: Type.Optional(IsoWithOffset),
    to: Type.Optional(IsoWithOffset),
    tz: Type.Optional(Type.String({ maxLength: 64 })),
    includeFull: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type AvailabilityQuery = Static<typeof AvailabilityQuery>;

export const ValidateQuery = Type.Object(
  {
    number: Type.String({ minLength: 1, maxLength: 40 }), country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    serviceId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "check against this service's rules" })),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    service: Type.Optional(Id),
    state: Type.Optional(Type.String({ pattern: '^[A-Z_]+(,[A-Z_]+)*$' })),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    from: Type.Optional(IsoWithOffset),
    to: Type.Optional(IsoWithOffset),
    after: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

export const ErrorReply = Type.Object({
  code: Type.String(),
  message: Type.String(),
  fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() }))),
}, { additionalProperties: true });

export const CallbackReply = Type.Object({
  id: Type.String(),
  serviceId: Type.String(),
  subjectId: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  channel: Type.String(),
  scheduled: Type.Union([Type.Object({ slotStart: Type.String(), localStart: Type.String() }), Type.Null()]),
  position: Type.Union([Type.Integer(), Type.Null()]),
  ewtSeconds: Type.Union([Type.Number(), Type.Null()]),
  attempts: Type.Integer(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  /** Only in the create answer: the secret for public cancel, reschedule and push answers. */
  managementToken: Type.Optional(Type.String()),
});

export const AvailabilityReply = Type.Object({
  serviceId: Type.String(),
  durationMin: Type.Integer(),
  timezone: Type.String(),
  slots: Type.Array(Type.Object({ start: Type.String(), localStart: Type.String(), capacity: Type.Integer(), remaining: Type.Integer() })),
});

export const StatusReply = Type.Object({
  serviceId: Type.String(),
  open: Type.Boolean(),
  ewtSeconds: Type.Union([Type.Number(), Type.Null()]),
  offerImmediate: Type.Boolean(),
  offerScheduled: Type.Boolean(),
  closesAt: Type.Union([Type.String(), Type.Null()]),
  noAgents: Type.Boolean(),
});
