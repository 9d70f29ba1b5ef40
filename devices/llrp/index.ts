/** LLRP fixed readers: the family for the registry, the driver, the codec and the simulated reader. */
export { llrpFamily } from './family';
export { createLlrpReader, llrpSettings, type LlrpTuning } from './create';
export { LlrpTagReader, type LlrpTagReaderOptions } from './reader';
export { SimulatedLlrpReader, type SimulatedLlrpReaderOptions } from './simulated-reader';
export { LlrpReaderSimulator, type LlrpSimulatorOptions, type SimFieldTag } from './simulator';
export { LlrpSession, type LlrpSessionStats } from './session';
export { LlrpFramer } from './framer';
export { encodeMessage, decodeMessage, type LlrpMessage } from './codec';
export { addRospec, readerConfig, powerIndex, ROSPEC_ID } from './rospec';
export { tagReadsOf, readerEventsOf, type ReaderEvent } from './reports';
export * from './settings';
