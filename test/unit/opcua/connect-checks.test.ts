/**
 * The pure parts of connecting to a PLC: what a failed attempt means (with node-opcua's own error
 * texts, captured from real attempts), nsu= resolution, node declaration checks, serial lengths.
 */
import assert from 'node:assert/strict';
import { DataType } from 'node-opcua';
import { classifyFailure } from '../../../devices/opcua/failure';
import { reasonFor, reasonText } from '../../../devices/opcua/handshake-nodes';
import { namespaceUriOf, resolverFor } from '../../../devices/opcua/node-ids';
import { checkNode, type NodeInfo } from '../../../devices/opcua/node-types';
import { serialRequirement } from '../../../devices/opcua/serial-length';
import type { Config } from '../../../src/config/schema';
import { LinegateError, hasCode } from '../../../src/errors';

describe('OPC UA connect checks', () => {
  describe('classifyFailure', () => {
    const cases: Array<[string, unknown, string, string | undefined]> = [
      [
        'connection refused',
        new Error(
          'The connection cannot be established with server opc.tcp://127.0.0.1:1 .\nPlease check that the server is up and running or your network configuration.\nErr = (connect ECONNREFUSED 127.0.0.1:1)',
        ),
        'unreachable',
        'ECONNREFUSED',
      ],
      [
        "a secure endpoint that is down (the text names the server's certificate)",
        new Error(
          "Fail to connect to server at opc.tcp://127.0.0.1:1 to collect server's certificate (in findEndpoint) \n (err =premature disconnection 4)",
        ),
        'unreachable',
        'no connection',
      ],
      [
        'an untrusted server certificate',
        new Error('server Certificate verification failed with err BadCertificateUntrusted (0x801a0000)'),
        'certificate',
        'BadCertificateUntrusted',
      ],
      ['a refused login', new Error('BadUserAccessDenied (0x801f0000)'), 'login', 'BadUserAccessDenied'],
      [
        'a session limit',
        new Error('BadTooManySessions (0x80560000)'),
        'too-many-sessions',
        'BadTooManySessions',
      ],
      [
        'a busy server',
        new Error('x', { cause: new Error('BadTcpServerTooBusy') }),
        'too-many-sessions',
        'BadTcpServerTooBusy',
      ],
      [
        'an unknown namespace',
        new LinegateError('OPCUA_NAMESPACE_UNKNOWN', 'node nsu=urn:x;s=A: the PLC has no namespace "urn:x"'),
        'config-mismatch',
        'OPCUA_NAMESPACE_UNKNOWN',
      ],
      [
        'an attempt that timed out',
        new LinegateError('OPCUA_TIMEOUT', 'connection attempt: no answer'),
        'unreachable',
        'OPCUA_TIMEOUT',
      ],
      ['anything else', new Error('something odd'), 'other', undefined],
    ];
    for (const [what, err, kind, status] of cases) {
      it(`${what} → ${kind}`, () => {
        const f = classifyFailure(err);
        assert.equal(f.kind, kind);
        assert.equal(f.status, status);
      });
    }
  });

  describe('nsu= node ids', () => {
    const ns = ['http://opcfoundation.org/UA/', 'urn:server', 'urn:plc:db'];
    it('resolves an nsu= id to the index the namespace has now', () => {
      const r = resolverFor(ns, ['nsu=urn:plc:db;s="DB_ST10"."Request"']);
      assert.equal(r.resolve('nsu=urn:plc:db;s="DB_ST10"."Request"'), 'ns=2;s="DB_ST10"."Request"');
      assert.equal(resolverFor(['a', 'b', 'c', 'urn:plc:db'], []).resolve('nsu=urn:plc:db;i=7'), 'ns=3;i=7');
    });
    it('leaves ns= ids as they are', () => {
      assert.equal(resolverFor(ns, []).resolve('ns=1;s=ST10.Request'), 'ns=1;s=ST10.Request');
    });
    it('decodes %3B in a URI', () => {
      assert.equal(namespaceUriOf('nsu=urn:a%3Bb;s=X'), 'urn:a;b');
      assert.equal(resolverFor(['urn:a;b'], []).resolve('nsu=urn:a%3Bb;s=X'), 'ns=0;s=X');
    });
    it('refuses a namespace the PLC does not have, naming the node and the namespaces it has', () => {
      assert.throws(
        () => resolverFor(ns, ['nsu=urn:other;s=X']),
        (err: unknown) =>
          hasCode(err, 'OPCUA_NAMESPACE_UNKNOWN') &&
          /node nsu=urn:other;s=X: the PLC has no namespace "urn:other" \(it has: .*urn:plc:db\)/.test(
            err.message,
          ),
      );
    });
  });

  describe('checkNode', () => {
    const info = (dataType: DataType, extra: Partial<NodeInfo> = {}): NodeInfo => ({
      dataType,
      valueRank: -1,
      ...extra,
    });
    it('accepts every integer type that holds 0..9 for the result', () => {
      for (const t of [
        DataType.Int16,
        DataType.Int32,
        DataType.UInt16,
        DataType.Byte,
        DataType.SByte,
        DataType.UInt32,
      ])
        assert.equal(checkNode('R', { role: 'result' }, info(t)), undefined, DataType[t]);
    });
    it('refuses other result types, saying what would fit', () => {
      assert.equal(
        checkNode('R', { role: 'result' }, info(DataType.Float)),
        'result node R is Float, which cannot hold the result codes 0..9: declare it Int16, Int32, UInt16, Byte, SByte, UInt32',
      );
    });
    it('refuses arrays', () => {
      assert.match(
        String(checkNode('A', { role: 'ack' }, info(DataType.Boolean, { valueRank: 1 }))),
        /an array: declare it a scalar/,
      );
    });
    it('checks the serial length only where the PLC exposes one', () => {
      const serial = { role: 'serial' as const, length: 12, lengthFrom: 'serial scheme "unit"' };
      assert.equal(checkNode('S', serial, info(DataType.String)), undefined);
      assert.equal(checkNode('S', serial, info(DataType.String, { maxLength: 12 })), undefined);
      assert.equal(
        checkNode('S', serial, info(DataType.String, { maxLength: 11 })),
        'serial node S is String[11], too short for the 12-character serials of serial scheme "unit": declare it String[12] or longer',
      );
      assert.match(
        String(checkNode('S', serial, info(DataType.Int32))),
        /declare it String \(STRING\) of at least 12 characters/,
      );
    });
    it('names an alias type with its built-in type', () => {
      assert.equal(
        checkNode('R', { role: 'result' }, info(DataType.Double, { declaredAs: 'ns=3;i=3001' })),
        'result node R is ns=3;i=3001 (Double), which cannot hold the result codes 0..9: declare it Int16, Int32, UInt16, Byte, SByte, UInt32',
      );
    });
  });

  describe('reason texts', () => {
    it('is empty for 0, the station error or the meaning of the code otherwise', () => {
      assert.equal(reasonFor(0, 'x'), '');
      assert.equal(reasonFor(2, 'printer zebra1: paper out'), 'printer zebra1: paper out');
      assert.equal(reasonFor(1, undefined), 'no serial available');
      assert.equal(reasonFor(7, ''), 'result 7');
    });
    it('is one line, cut to the node length', () => {
      assert.equal(reasonText('paper\nout  now', undefined), 'paper out now');
      assert.equal(reasonText('paper out', 5), 'paper');
    });
  });

  describe('serialRequirement', () => {
    const config = {
      gateway: { id: 'gw-line1' },
      serials: {
        unit: { format: '{GG}{WW}{seq:6}{check:gs1}', vars: {} },
        long: { format: '{plant}-{station}-{YYYY}{MM}{DD}-{seq:8}', vars: { plant: 'P01' } },
      },
      stations: [
        { id: 'ST10', kind: 'start', serial: 'unit' },
        { id: 'ST30', kind: 'test' },
      ],
    } as unknown as Config;
    it("is the station's scheme length for a start station", () => {
      assert.deepEqual(serialRequirement(config, 'ST10'), { length: 11, from: 'serial scheme "unit"' });
    });
    it('is the longest scheme for other stations', () => {
      assert.deepEqual(serialRequirement(config, 'ST30'), {
        length: 'P01-ST30-20260101-12345678'.length,
        from: 'serial scheme "long" (the longest)',
      });
    });
  });
});
