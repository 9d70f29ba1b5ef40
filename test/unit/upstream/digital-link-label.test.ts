/**
 * {{digitalLink}} on a label: the value linegate fills in for a unit of a GS1 scheme, printed in a
 * QR code, rendered to a PNG and decoded by an independent reader, is the unit's Digital Link URI
 * (the same the epcis sink sends with identifiers: digital-link).
 */
import assert from 'node:assert/strict';
import { compileTemplate } from '../../../src/labels';
import { closePreviewWorker, renderLabelPng } from '../../../src/labels/preview';
import { labelValues } from '../../../src/printing/label-values';
import { parseDigitalLink } from '../../../src/gs1';
import { decodePng } from '../labels/zxing.helper';

const SCHEME = {
  format: '{seq:6}',
  vars: {},
  source: 'local' as const,
  alarmPercent: 80,
  gtin: '10614141073464',
  resolver: 'https://id.example.com/p',
};
const UNIT = { serial: 'A1/23', station: 'ST10', partNumber: 'PN-100' };

describe('{{digitalLink}} on labels', function () {
  this.timeout(20_000);
  after(() => closePreviewWorker());

  it('is the Digital Link URI of the unit, validated and percent-encoded', () => {
    const v = labelValues(UNIT as never, Date.UTC(2026, 0, 5), {
      gatewayId: 'gw',
      timeZone: 'UTC',
      scheme: SCHEME,
    });
    assert.equal(v.digitalLink, 'https://id.example.com/p/01/10614141073464/21/A1%2F23');
    assert.deepEqual(parseDigitalLink(v.digitalLink), {
      resolver: 'https://id.example.com/p',
      gtin: '10614141073464',
      serial: 'A1/23',
    });
    const noResolver = labelValues(UNIT as never, 0, {
      gatewayId: 'gw',
      timeZone: 'UTC',
      scheme: { ...SCHEME, resolver: undefined },
    });
    assert.equal(noResolver.digitalLink, 'https://id.gs1.org/01/10614141073464/21/A1%2F23');
    const plain = labelValues(UNIT as never, 0, {
      gatewayId: 'gw',
      timeZone: 'UTC',
      scheme: { ...SCHEME, gtin: undefined },
    });
    assert.equal(plain.digitalLink, undefined, 'no GTIN, no Digital Link');
  });

  it('prints in a QR code that decodes to the same URI', async () => {
    const t = compileTemplate('^XA^CI28^FO40,40^BQN,2,6^FDQA,{{digitalLink}}^FS^XZ', 'dl.zpl');
    const v = labelValues(UNIT as never, 0, { gatewayId: 'gw', timeZone: 'UTC', scheme: SCHEME });
    const png = await renderLabelPng(t.render({ digitalLink: v.digitalLink }));
    const codes = await decodePng(png);
    assert.deepEqual(
      codes.map((c) => [c.format, c.text]),
      [['QRCode', v.digitalLink]],
    );
  });
});
