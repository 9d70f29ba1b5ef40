/**
 * What starts a station's cycle (`stations[].trigger`): the PLC handshake, a GPIO input, or a
 * demo interval. Every station kind carries one (src/stations/kinds/parts.ts).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Millis, Strict, Tagged } from './schema-kit';

const OpcuaTrigger = Strict(
  {
    type: Type.Literal('opcua-handshake'),
    plc: Type.String({ description: 'name of a PLC under plcs' }),
    nodes: Strict(
      {
        request: Type.String({ minLength: 1 }),
        ack: Type.String({ minLength: 1 }),
        serial: Type.String({ minLength: 1 }),
        result: Type.String({ minLength: 1 }),
        reason: Type.Optional(
          Type.String({
            minLength: 1,
            description: 'String node that receives a short text on every non-zero result',
          }),
        ),
      },
      'the handshake node ids (ns=N;… or nsu=NAMESPACE-URI;…)',
    ),
    operationData: Type.Optional(
      Type.Record(Type.String(), Type.String({ minLength: 1 }), {
        description: 'name → node id, read when a cycle completes and recorded as operation.completed',
      }),
    ),
  },
  'the PLC request/ack handshake',
);
const IntervalTrigger = Strict(
  {
    type: Type.Literal('interval'),
    everyMs: Type.Integer({ minimum: 100, maximum: 86_400_000, default: 3000 }),
  },
  'a simulated trigger that starts a unit at a fixed interval (demo)',
);
const GpioTrigger = Strict(
  {
    type: Type.Literal('gpio'),
    pin: Type.Integer({ minimum: 0, maximum: 4096, description: 'GPIO line number (see README)' }),
    edge: Type.Union([Type.Literal('rising'), Type.Literal('falling')], { default: 'rising' }),
    debounceMs: Millis(20, 'ignore edges closer than this'),
    activeLow: Type.Boolean({ default: false, description: 'the sensor pulls the line low when active' }),
  },
  'a GPIO input such as a photo-eye',
);
/** A station's trigger, tagged by `type`. */
export const Trigger = Tagged('type', [OpcuaTrigger, IntervalTrigger, GpioTrigger], 'what starts a cycle');

export type TriggerConfig = Static<typeof Trigger>;
