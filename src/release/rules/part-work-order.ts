/** A station configured with a part number or work order takes only units of that one. */
import type { ReleaseReason, ReleaseRule } from '../types';

export const partWorkOrderRule: ReleaseRule = {
  name: 'partWorkOrder',
  check({ station, record }) {
    const reasons: ReleaseReason[] = [];
    if (station.partNumber !== undefined && record.partNumber !== station.partNumber)
      reasons.push({
        rule: 'partWorkOrder',
        code: 'WRONG_PART',
        text: `part ${record.partNumber ?? 'none'}, station runs ${station.partNumber}`,
      });
    if (station.workOrder !== undefined && record.workOrder !== station.workOrder)
      reasons.push({
        rule: 'partWorkOrder',
        code: 'WRONG_WORK_ORDER',
        text: `work order ${record.workOrder ?? 'none'}, station runs ${station.workOrder}`,
      });
    return reasons;
  },
};
