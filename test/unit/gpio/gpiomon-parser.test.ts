import assert from 'node:assert/strict';
import { parseGpiodVersion, parseGpiomonLine } from '../../../devices/gpio';

// Lines as the tools print them (formats from libgpiod's tools/gpiomon.c, v1.6 and v2.x printf calls).
const RECORDED = {
  v1Custom: ['17 1 1732199730.123456789', '17 0 1732199730.223456789'],
  v2Custom: ['17 1 8123.004512345', '17 2 8123.104512345'],
  v1Default: [
    'event:  RISING EDGE offset: 17 timestamp: [1732199730.123456789]',
    'event: FALLING EDGE offset: 17 timestamp: [1732199730.223456789]',
  ],
  v2Default: ['8123.004512345\trising\tgpiochip0 17', '8123.104512345\tfalling\t"GPIO17"'],
};

describe('gpiomon output parser', () => {
  it('parses the custom format the backend asks for (v1: 1/0, v2: 1/2)', () => {
    assert.deepEqual(RECORDED.v1Custom.map(parseGpiomonLine), [
      { offset: 17, edge: 'rising', timestamp: '1732199730.123456789' },
      { offset: 17, edge: 'falling', timestamp: '1732199730.223456789' },
    ]);
    assert.deepEqual(
      RECORDED.v2Custom.map((l) => parseGpiomonLine(l)?.edge),
      ['rising', 'falling'],
    );
  });

  it('parses the default formats of v1 and v2', () => {
    assert.deepEqual(RECORDED.v1Default.map(parseGpiomonLine), [
      { offset: 17, edge: 'rising', timestamp: '1732199730.123456789' },
      { offset: 17, edge: 'falling', timestamp: '1732199730.223456789' },
    ]);
    assert.deepEqual(RECORDED.v2Default.map(parseGpiomonLine), [
      { offset: 17, edge: 'rising', timestamp: '8123.004512345' },
      { edge: 'falling', timestamp: '8123.104512345' },
    ]);
  });

  it('ignores banners, blank and garbled lines', () => {
    for (const line of [
      "Monitoring line '17'...",
      '',
      '   ',
      '17 7 123',
      'event: SIDEWAYS EDGE offset: 1 timestamp: [1]',
    ]) {
      assert.equal(parseGpiomonLine(line), undefined, line);
    }
  });

  it('reads the tool version', () => {
    assert.equal(
      parseGpiodVersion('gpiomon (libgpiod) v1.6.3\nCopyright (C) 2017-2018 Bartosz Golaszewski'),
      1,
    );
    assert.equal(
      parseGpiodVersion('gpiomon (libgpiod) v2.1.3\nCopyright (C) 2017-2023 Bartosz Golaszewski'),
      2,
    );
    assert.equal(parseGpiodVersion('something else'), 1);
  });
});
