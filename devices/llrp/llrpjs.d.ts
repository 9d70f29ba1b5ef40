/**
 * The part of llrpjs 1.0.1 that codec.ts uses. The package's own typings point at its TypeScript
 * sources, which do not compile under this project's strict settings, so its compiled entry point
 * is imported with these declarations instead.
 */
declare module 'llrpjs/dist/src/index' {
  /** A message as llrpjs builds and decodes it (the LTK JSON form). */
  export class LLRPMessage {
    constructor(args: Buffer | { id?: number; type: string; data?: Record<string, unknown> });
    encode(): this;
    decode(): this;
    getBuffer(): Buffer;
    getName(): string;
    getMessageId(): number;
    toLLRPData(): { id: number; type: string; data: Record<string, unknown> };
  }
}
